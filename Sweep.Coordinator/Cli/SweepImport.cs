using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Tracing;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// What importing an export into a database writes: the sweep (unless the database has it with
/// the same grid), its trials not stored yet as pending, and every finished trial of the export
/// except those the database has finished already, each with its score curve where the export has one.
/// A result the user has is never replaced.
/// </summary>
internal sealed record SweepImport(
    SweepRecord Sweep,
    IReadOnlyList<TrialRecord> Pending,
    IReadOnlyList<TrialRecord> Imported,
    IReadOnlyDictionary<string, IReadOnlyList<EvaluationPoint>> ImportedCurves,
    int KeptStored)
{
    /// <exception cref="UsageException">The database holds a sweep of that name with another grid.</exception>
    public static SweepImport Plan(ExportedSweep exported, SweepStore store, string provenance)
    {
        var gridIds = exported.Sweep.TrialIds;
        var fingerprint = exported.Sweep.Fingerprint;
        var stored = store.FindSweep(exported.Sweep.Name);
        if (stored is not null && stored.Fingerprint != fingerprint)
            throw new UsageException($"--db: {store.Path} holds a sweep '{exported.Sweep.Name}' with another grid ({stored.Fingerprint}, not {fingerprint}). " +
                                     "Nothing was imported; import into another database.");

        var finishedThere = store.TrialStates(exported.Finished.Select(t => t.Id)).Where(t => t.State.IsFinal()).Select(t => t.Id).ToHashSet();
        var imported = exported.Finished.Where(t => !finishedThere.Contains(t.Id)).Select(t => t with { ImportedFrom = provenance }).ToList();
        // Trials an extended sweep kept from its earlier grid (or an adaptive rule added) are not in the file's grid but belong to the sweep.
        var beyondGrid = exported.Finished.Select(t => t.Id).Except(gridIds);
        var kept = stored ?? exported.Sweep;
        var sweep = kept with { TrialIds = [.. kept.TrialIds.Union(gridIds).Union(beyondGrid)] };
        var importedIds = imported.Select(t => t.Id).ToHashSet();
        var curves = exported.Curves.Where(c => importedIds.Contains(c.Key)).ToDictionary();
        return new SweepImport(sweep, exported.Grid.Where(t => !importedIds.Contains(t.Id)).ToList(), imported, curves, finishedThere.Count);
    }

    /// <summary>
    /// The imported results first, each with its score curve as its trace, then
    /// <see cref="SweepStore.SaveSweep"/> (pending trials where none is stored, the sweep record
    /// last): a process killed halfway leaves trials no sweep names yet, and importing again
    /// finishes the job.
    /// </summary>
    public void Write(SweepStore store)
    {
        foreach (var chunk in Imported.Chunk(SweepStore.TrialsPerTransaction))
            store.Save(chunk, chunk.Where(t => ImportedCurves.ContainsKey(t.Id)).ToDictionary(t => t.Id, t => TraceFormat.Write(ScoreCurves.AsTrace(ImportedCurves[t.Id]))));
        store.SaveSweep(Sweep, Pending);
    }
}

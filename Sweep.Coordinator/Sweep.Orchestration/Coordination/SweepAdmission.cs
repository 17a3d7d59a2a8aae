using Sweep.Reporting;
using Sweep.Store;
using Sweep.Orchestration.Sweeps;
using Sweep.Training.Specs;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// Decides whether a submitted sweep may run against what the database holds: a new sweep is
/// created, the same grid resumes, a changed grid is refused (naming the change) unless extended.
/// Extending keeps every completed result, including those of trials the new grid no longer names.
/// </summary>
public static class SweepAdmission
{
    public sealed record Decision(SweepRecord Sweep, IReadOnlyList<TrialRecord> NewTrials, IReadOnlyList<string> Changes);

    /// <exception cref="SweepRefusedException">The grid changed and <paramref name="extend"/> is false.</exception>
    public static Decision Admit(
        SweepDefinition definition, string yaml, SweepRecord? stored,
        Func<IReadOnlyList<string>, IReadOnlyList<TrialRecord>> storedTrials, bool extend, DateTime now)
    {
        var newTrials = SweepGrid.Expand(definition).Select(spec =>
        {
            var json = spec.CanonicalJson();
            ParsedSpecs.Remember(json, spec);   // the live view aggregates these very strings
            return new TrialRecord { Id = TrialSpec.IdOf(json), Spec = json, State = TrialState.Pending };
        }).ToList();
        var gridIds = newTrials.Select(t => t.Id).ToList();
        var fingerprint = SweepGrid.Fingerprint(gridIds);

        if (stored is null)
            return new Decision(new SweepRecord { Name = definition.Name, Fingerprint = fingerprint, Definition = yaml, TrialIds = gridIds, CreatedUtc = now }, newTrials, []);
        if (stored.Fingerprint == fingerprint)
            // The same starting grid: an adaptive rule (max, step, target) may still have changed, and the stored definition is what a resume follows.
            return definition.Adaptive is not null && definition.Adaptive != StoredRule(stored)
                ? new Decision(stored with { Definition = yaml }, newTrials, [$"adaptive seeds now: {definition.Adaptive}"])
                : new Decision(stored, newTrials, []);

        var changes = GridChanges.Describe(SweepFileReader.Read(stored.Definition, $"stored definition of {stored.Name}"), definition).ToList();
        var added = gridIds.Except(stored.TrialIds).Count();
        var removed = stored.TrialIds.Except(gridIds).ToList();
        changes.Add($"{added} trial(s) added, {removed.Count} removed");
        var storedRecords = storedTrials(stored.TrialIds);
        var completed = storedRecords.Where(t => t.State == TrialState.Completed).Select(t => t.Id).ToList();
        var stale = storedRecords.Select(t => TrialSpec.FromJson(t.Spec)).Where(Revisions.IsStale).ToList();
        if (stale.Count > 0)
            changes.Insert(0, $"{stale.Count} stored trial(s) were defined before changes to Sweep's methods or metrics that concern them (" +
                              string.Join("; ", stale.SelectMany(Revisions.Since).Distinct().Select(c => c.Summary)) + ")");

        if (!extend)
            throw new SweepRefusedException(stale.Count > 0
                ? $"sweep '{stored.Name}' was run under an earlier definition of Sweep: {string.Join("; ", changes)}. " +
                  $"Nothing was run or written. Its {completed.Count} completed result(s) stay in the database but are not comparable with the current " +
                  "definition's, so they are not resumed or mixed into its tables. Run with --extend to train the current definition beside them " +
                  "(tables then show only current results; `sweep export` lists the earlier ones as stale), or rename the sweep."
                : $"sweep '{stored.Name}' is stored with a different grid: {string.Join("; ", changes)}. " +
                  $"Nothing was run or written. Run with --extend to keep its {completed.Count} completed result(s) and add the new trials, or rename the sweep.");

        var kept = completed.Where(id => !gridIds.Contains(id));
        var sweep = stored with { Fingerprint = fingerprint, Definition = yaml, TrialIds = [.. gridIds, .. kept] };
        // The fingerprint of an extended sweep is its new grid's, so running the same file again resumes it.
        return new Decision(sweep, newTrials, changes);
    }

    /// <summary>The stored definition's adaptive rule; null when its seeds are fixed or it no longer reads.</summary>
    private static AdaptiveSeeds? StoredRule(SweepRecord stored)
    {
        try
        {
            return SweepFileReader.Read(stored.Definition, $"stored definition of {stored.Name}").Adaptive;
        }
        catch (SweepFileException)
        {
            return null;
        }
    }
}

/// <summary>A sweep cannot run as submitted; nothing was written.</summary>
public sealed class SweepRefusedException(string message) : Exception(message);

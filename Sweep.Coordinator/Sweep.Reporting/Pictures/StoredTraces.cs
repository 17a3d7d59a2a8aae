using Sweep.Store;
using Sweep.Training.Tracing;

namespace Sweep.Reporting.Pictures;

/// <summary>A trial's stored trace, and what to tell a user whose trial has none.</summary>
public static class StoredTraces
{
    /// <returns>null when the trial has no trace.</returns>
    /// <exception cref="InvalidDataException">The stored bytes are not a trace this build reads.</exception>
    public static TrialTrace? Find(SweepStore store, TrialRecord trial) =>
        store.FindTrace(trial.Id) is { } bytes ? TraceFormat.Read(bytes) : null;

    /// <summary>Why a trial has no pictures, in words.</summary>
    public static string Missing(TrialRecord trial) => trial.State switch
    {
        TrialState.Completed or TrialState.Failed =>
            $"trial {trial.Id} ({trial.State.ToString().ToLowerInvariant()}) has no snapshots: it was " +
            (trial.ImportedFrom is { } from ? $"imported ({from}) from an export that carried no score curve, and an export never carries snapshots" : "run by a version of Sweep that recorded none") +
            ". Its numbers stand; run it again in a new database to get its pictures.",
        _ => $"trial {trial.Id} has no snapshots yet: it is {trial.State.ToString().ToLowerInvariant()}, and a trial's pictures are stored when it ends.",
    };

    /// <summary>Why finished trials have no pictures, in a few words, counting each reason when they differ.</summary>
    public static string WhyNone(IReadOnlyCollection<TrialRecord> finished)
    {
        const string Imported = "imported from an export that carried no score curve";
        const string Older = "run by a version of Sweep that recorded none";
        var imported = finished.Count(t => t.ImportedFrom is not null);
        if (imported == 0) return Older;
        return imported == finished.Count ? Imported : $"{imported} {Imported}; {finished.Count - imported} {Older}";
    }
}

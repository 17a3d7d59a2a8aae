using Sweep.Coordinator.Store;

namespace Sweep.Coordinator.Reports;

/// <summary>Everything an export shows: the sweep, its trials in grid order, and their groups.</summary>
public sealed record SweepReport(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials)
{
    public IReadOnlyList<GroupSummary> Groups { get; } = Aggregation.Groups(Trials);

    /// <summary>A dataset's number of modes for column headers ("8"), or "?" before any trial on it completed.</summary>
    public string MaxModesLabel(string dataset) =>
        Groups.Where(g => g.Dataset == dataset).Select(g => g.MaxModes).FirstOrDefault(m => m is not null)?.ToString() ?? "?";
}

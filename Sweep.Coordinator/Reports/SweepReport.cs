using Sweep.Coordinator.Store;

namespace Sweep.Coordinator.Reports;

/// <summary>Everything an export shows: the sweep, its trials in grid order, and their groups.</summary>
public sealed record SweepReport(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials)
{
    public IReadOnlyList<GroupSummary> Groups { get; } = Aggregation.Groups(Trials);
}

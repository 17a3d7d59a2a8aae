using Sweep.Coordinator.Store;

namespace Sweep.Coordinator.Reports;

/// <summary>Everything an export shows: the sweep, its trials in grid order, and their groups.</summary>
public sealed record SweepReport(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials)
{
    public IReadOnlyList<GroupSummary> Groups { get; } = Aggregation.Groups(Trials);

    /// <summary>
    /// A pivot column's header, saying what its cells hold: "ring (of 8)", "stacked-mnist (modes of
    /// 1000 / KL)", "cifar10 (IvOM)"; "(of ?)" before any trial on the dataset completed.
    /// </summary>
    public string ColumnLabel(string dataset)
    {
        var done = Groups.Where(g => g.Dataset == dataset && g.Completed > 0).ToList();
        var maxModes = done.Select(g => g.MaxModes).FirstOrDefault(m => m is not null);
        if (done.Any(g => g.Kl is not null)) return $"{dataset} (modes of {maxModes} / KL)";
        if (maxModes is null && done.Any(g => g.Ivom is not null)) return $"{dataset} (IvOM)";
        return $"{dataset} (of {maxModes?.ToString() ?? "?"})";
    }
}

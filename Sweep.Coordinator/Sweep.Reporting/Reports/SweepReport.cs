using Sweep.Store;
using Sweep.Training.Specs;

namespace Sweep.Reporting;

/// <summary>Everything an export shows: the sweep, its trials in grid order, and their groups.</summary>
public sealed record SweepReport(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials)
{
    public IReadOnlyList<GroupSummary> Groups { get; } = Aggregation.Groups(Trials);

    private IReadOnlyList<AxisComparison>? _comparisons;

    /// <summary>The comparisons every format shows (<see cref="SeedStatisticsText.Comparisons"/>), bootstrapped once: the report's tables and pictures share them.</summary>
    public IReadOnlyList<AxisComparison> Comparisons => _comparisons ??= SeedStatisticsText.Comparisons(this);

    /// <summary>Trials defined before a change of Sweep's definitions that concerns them: listed, never aggregated.</summary>
    public IReadOnlyList<TrialRecord> Stale { get; } = Trials.Where(t => Revisions.IsStale(ParsedSpecs.Of(t.Spec))).ToList();

    /// <summary>What the tables say about <see cref="Stale"/> trials; null when there are none.</summary>
    public string? StaleNote => Stale.Count == 0 ? null :
        $"{Stale.Count} trial(s) of this sweep ({Stale.Count(t => t.State == TrialState.Completed)} completed) were run under an earlier " +
        "definition of Sweep's methods or metrics; the group and paper tables leave them out, and the trial list marks them stale. " +
        "What changed: " + string.Join("; ", Stale.SelectMany(t => Revisions.Since(ParsedSpecs.Of(t.Spec))).Distinct().Select(c => c.Summary)) + ".";

    /// <summary>
    /// A pivot column's header, saying what its cells hold: "ring (of 8)", "stacked-mnist (modes of
    /// 1000 / KL)", "cifar10 (IvOM)", "hd1200, VEEGAN's rule (of 10)" beside "hd1200, shell rule (of 10)";
    /// "(of ?)" before any trial on the dataset completed.
    /// </summary>
    public string ColumnLabel(PivotColumn column)
    {
        var dataset = column.Dataset;
        var done = Groups.Where(g => g.Dataset == dataset && g.Completed > 0).ToList();
        var maxModes = done.Select(g => g.MaxModes).FirstOrDefault(m => m is not null);
        if (done.Any(g => g.Kl is not null)) return $"{dataset} (modes of {maxModes} / KL)";
        if (maxModes is null && done.Any(g => g.Ivom is not null)) return $"{dataset} (IvOM)";
        var rule = column.ShellRule ? ", shell rule" : Groups.Any(g => g.Dataset == dataset && g.ShellModes is not null) ? ", VEEGAN's rule" : "";
        return $"{dataset}{rule} (of {maxModes?.ToString() ?? "?"})";
    }
}

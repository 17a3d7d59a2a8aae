using Sweep.Store;

namespace Sweep.Reporting;

/// <summary>
/// What a run prints at its end: the paper-style pivot as text cells, the trials counted by state
/// and the failures. Small and serializable, so a coordinator can send it to a client on another machine.
/// </summary>
public sealed record SweepSummary(
    string Name, IReadOnlyList<string> Columns, IReadOnlyList<SweepSummary.Row> Rows,
    int Total, IReadOnlyDictionary<TrialState, int> Counts, IReadOnlyList<string> Failures)
{
    public sealed record Row(string Label, IReadOnlyList<string> Cells);

    public const int MaxFailuresListed = 20;

    public bool AllCompleted => Counts.GetValueOrDefault(TrialState.Completed) == Total;

    public static SweepSummary Of(SweepReport report)
    {
        var pivot = Aggregation.Pivot(report.Groups);
        var rows = pivot.Rows.Select(row => new Row(row, pivot.Columns.Select(c => pivot.Text(row, c)).ToList())).ToList();
        var counts = report.Trials.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        // The first few only: the summary travels in one message, and the export has them all.
        var failures = report.Trials.Where(t => t.State is TrialState.Failed or TrialState.Abandoned).Take(MaxFailuresListed)
            .Select(t => $"{t.Id} {t.State.ToString().ToLowerInvariant()}: {t.Error}").ToList();
        return new SweepSummary(report.Sweep.Name, pivot.Columns.Select(report.ColumnLabel).ToList(), rows, report.Trials.Count, counts, failures);
    }
}

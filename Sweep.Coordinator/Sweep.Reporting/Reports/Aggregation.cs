using Sweep.Reporting.Statistics;
using Sweep.Store;
using Sweep.Training.Specs;

namespace Sweep.Reporting;

/// <summary>
/// Groups a sweep's trials by everything but the seed (the spec with its seed cleared, so trials
/// that also differ in a knob stay apart) and summarises each metric over the completed ones.
/// Trials defined before a change of Sweep's definitions that concerns them (<see cref="Revisions"/>)
/// are left out: their numbers measure something else.
/// </summary>
public static class Aggregation
{
    public static IReadOnlyList<GroupSummary> Groups(IEnumerable<TrialRecord> trials) =>
        trials
            .Select(t => (Record: t, Spec: ParsedSpecs.Of(t.Spec)))
            .Where(t => !Revisions.IsStale(t.Spec))
            .GroupBy(t => t.Spec with { Seed = 0 })   // a record: equal when every field is, as their canonical JSON
            .Select(g =>
            {
                var spec = g.First().Spec;
                var done = g.Where(t => t.Record.State == TrialState.Completed).Select(t => t.Record).ToArray();
                return new GroupSummary(
                    AxisNames.Of(spec.Dataset), AxisNames.Of(spec.Method), AxisNames.Of(spec.Init), AxisNames.Of(spec.Noise), spec.Preset, spec.Iterations,
                    Trials: g.Count(),
                    Completed: done.Length,
                    MaxModes: done.Select(t => t.MaxModes).FirstOrDefault(m => m is not null),
                    Modes: MetricSummary.Of(done.Where(t => t.Modes is not null).Select(t => (double)t.Modes!.Value)),
                    HighQuality: MetricSummary.Of(done.Where(t => t.HighQuality is not null).Select(t => t.HighQuality!.Value)),
                    Kl: MetricSummary.Of(done.Where(t => t.Kl is not null).Select(t => t.Kl!.Value)),
                    Ivom: MetricSummary.Of(done.Where(t => t.IvomMean is not null).Select(t => t.IvomMean!.Value)),
                    ShellModes: MetricSummary.Of(done.Where(t => t.ShellModes is not null).Select(t => (double)t.ShellModes!.Value)),
                    ShellHighQuality: MetricSummary.Of(done.Where(t => t.ShellHighQuality is not null).Select(t => t.ShellHighQuality!.Value)),
                    TrialIds: g.Select(t => t.Record.Id).ToList())
                {
                    Settings = KnobsBeyondPreset.Of(spec),
                    SeedValues = Enum.GetValues<SeedMetric>().ToDictionary(m => m, m => done.Select(t => SeedMetrics.ValueOf(t, m)).OfType<double>().ToArray()),
                    Collapse = Collapse.Of(done.Where(t => t.Modes is not null).Select(t => t.Modes!.Value).ToList(), done.Select(t => t.MaxModes).FirstOrDefault(m => m is not null)),
                };
            })
            .OrderBy(g => g.Dataset).ThenBy(g => g.Method).ThenBy(g => g.Init).ThenBy(g => g.Noise).ThenBy(g => g.Preset)
            .ToList();

    /// <summary>
    /// VEEGAN Table 1's layout: a row per method/init/noise, a column per dataset (hd1200's followed
    /// by one under the shell rule). Where one method/init/noise has several groups on a dataset (an
    /// extended sweep's other budget, an override), its rows also name the preset, budget and knobs
    /// set beyond the preset, so no group hides another.
    /// </summary>
    public static PivotTable Pivot(IReadOnlyList<GroupSummary> groups)
    {
        string RowOf(GroupSummary g) => g.LabelAmong(groups.Where(other => other.Dataset == g.Dataset));

        var columns = groups.Select(g => g.Dataset).Distinct().SelectMany(dataset =>
            groups.Any(g => g.Dataset == dataset && g.ShellModes is not null)
                ? new[] { new PivotColumn(dataset, ShellRule: false), new PivotColumn(dataset, ShellRule: true) }
                : [new PivotColumn(dataset, ShellRule: false)]).ToArray();
        var rows = groups.Select(RowOf).Distinct().ToArray();
        var cells = groups.GroupBy(g => (RowOf(g), g.Dataset)).ToDictionary(g => g.Key, g => g.First());
        return new PivotTable(rows, columns, (row, dataset) => cells.GetValueOrDefault((row, dataset)));
    }
}

/// <summary>A dataset's column of the pivot; <see cref="ShellRule"/>: its modes and HQ under hd1200's shell rule.</summary>
public sealed record PivotColumn(string Dataset, bool ShellRule);

/// <summary>Rows × columns; <see cref="Group"/> is the group for a row and dataset, or null.</summary>
public sealed record PivotTable(IReadOnlyList<string> Rows, IReadOnlyList<PivotColumn> Columns, Func<string, string, GroupSummary?> Group)
{
    /// <summary>The cell's text, in the paper's form (<see cref="Cells.PaperCell"/>).</summary>
    public string Text(string row, PivotColumn column) => Cells.PaperCell(Group(row, column.Dataset), column.ShellRule);
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sweep.Reporting.Statistics;

namespace Sweep.Reporting;

/// <summary>
/// The robustness-to-seed tables in every format: per group and metric, mean, median and IQM with
/// bootstrap intervals and the collapse rate (<see cref="SeedStatistics"/>, <see cref="Collapse"/>);
/// and the comparisons along the sweep's axes (<see cref="AxisComparison"/>).
/// </summary>
public static class SeedStatisticsText
{
    public const string Title = "Robustness to seed";

    public const string Method =
        "Mean, median and interquartile mean over completed seeds, each with a percentile-bootstrap 95% interval " +
        "(2 000 resamples, fixed generator seed); collapse: the share of seeds that missed at least one mode, with a Wilson 95% interval. " +
        "No intervals with fewer than 3 seeds.";

    public static readonly string[] Header = ["dataset", "method", "init", "noise", "preset", "metric", "n", "mean [95% CI]", "median [95% CI]", "IQM [95% CI]", "collapse [95% CI]"];

    /// <summary>The table's rows: a row per group and metric it has values of.</summary>
    public static IEnumerable<string[]> Rows(SweepReport report) =>
        from g in report.Groups
        from metric in g.Metrics
        let s = g.Statistics(metric)!.Scaled(metric.Scale())
        select new[]
        {
            g.Dataset, g.Method, g.Init, g.Noise, g.Preset, metric.Heading(), s.N.ToString(CultureInfo.InvariantCulture),
            Cell(s.Mean, s.MeanCi, s.NoIntervalReason, metric.Format()), Cell(s.Median, s.MedianCi, s.NoIntervalReason, metric.Format()),
            Cell(s.Iqm, s.IqmCi, s.NoIntervalReason, metric.Format()),
            metric == SeedMetric.Modes && g.Collapse is { } c ? CollapseCell(c) : "",
        };

    /// <summary>"7.20 [6.40, 8.00]", or "7.50 (n &lt; 3)" without an interval.</summary>
    public static string Cell(double value, Interval? ci, string? noInterval, string format) =>
        ci is { } i ? $"{Cells.Number(value, format)} [{Cells.Number(i.Low, format)}, {Cells.Number(i.High, format)}]"
            : $"{Cells.Number(value, format)} ({noInterval})";

    /// <summary>"3/5 = 60% [23%, 88%]".</summary>
    public static string CollapseCell(Collapse c) =>
        $"{c.Collapsed}/{c.Seeds} = {Cells.Number(c.Rate * 100, "F0")}%" +
        (c.Ci is { } i ? $" [{Cells.Number(i.Low * 100, "F0")}%, {Cells.Number(i.High * 100, "F0")}%]" : $" (n < {SeedStatistics.FewestSeeds})");

    /// <summary>The comparisons an export shows: along each axis the sweep varies but the dataset, on each metric its groups have.</summary>
    public static IReadOnlyList<AxisComparison> Comparisons(SweepReport report) =>
        (from axis in AxisComparison.Varying(report)
         where axis != Axis.Dataset   // modes of 8 against modes of 25 compare nothing
         from metric in SeedMetrics.ByOption.Values
         where report.Groups.Any(g => g.SeedValues.GetValueOrDefault(metric) is { Length: > 0 })
         select AxisComparison.Of(report, axis, metric)).ToList();

    public static readonly string[] ComparisonHeader =
        ["held fixed", "X", "Y", "n X", "n Y", "mean X − mean Y [95% CI]", "P(X better than Y) [95% CI]", "U", "p", "p (Holm)"];

    public static IEnumerable<string[]> ComparisonRows(AxisComparison comparison) => comparison.Pairs.Select(p => new[]
    {
        p.Fixed, p.X, p.Y, p.Nx.ToString(CultureInfo.InvariantCulture), p.Ny.ToString(CultureInfo.InvariantCulture),
        Cell(p.Difference * comparison.Metric.Scale(), p.DifferenceCi?.Scaled(comparison.Metric.Scale()), p.NoIntervalReason, comparison.Metric.Format()),
        Cell(p.Improvement, p.ImprovementCi, p.NoIntervalReason, "F2"),
        Cells.Number(p.Test.U, "F1"), PValue(p.Test.PValue) + (p.Test.Exact ? " (exact)" : ""), PValue(p.HolmP),
    });

    public static string ComparisonMethod(AxisComparison comparison) =>
        $"X is the level listed later in the sweep's grid; {comparison.Metric.Name()}: {(comparison.Metric.HigherIsBetter() ? "higher" : "lower")} is better. " +
        "Intervals: percentile bootstrap, each group resampled on its own (2 000 resamples). " +
        "P(X better than Y): the chance one seed of X beats one of Y, ties counting half. " +
        "p: two-sided Mann–Whitney U (exact without ties when a group has at most 8 seeds, else normal with tie and continuity corrections), " +
        "Holm-corrected across the table's pairs.";

    private static string PValue(double p) => p < 0.0001 ? "< 0.0001" : Cells.Number(p, "F4");

    public static string Markdown(SweepReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {Title}").AppendLine().AppendLine(Method).AppendLine();
        MarkdownTable(text, Header, Rows(report));
        foreach (var comparison in report.Comparisons) text.Append(Markdown(comparison, $"### {char.ToUpperInvariant(comparison.Title[0])}{comparison.Title[1..]}"));
        return text.ToString();
    }

    /// <param name="heading">The section's heading line, e.g. "### Init compared on modes".</param>
    public static string Markdown(AxisComparison comparison, string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(heading).AppendLine();
        text.AppendLine(ComparisonMethod(comparison)).AppendLine();
        if (comparison.Pairs.Count > 0) MarkdownTable(text, ComparisonHeader, ComparisonRows(comparison));
        foreach (var skipped in comparison.Skipped) text.AppendLine($"- Not compared: {skipped}");
        if (comparison.Skipped.Count > 0) text.AppendLine();
        return text.AppendLine($"**{comparison.Summary}.**").AppendLine().ToString();
    }

    private static void MarkdownTable(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
        text.AppendLine();
    }

    public static string Csv(AxisComparison comparison)
    {
        var text = new StringBuilder();
        CsvExport.Line(text, "axis", "metric", "held_fixed", "x", "y", "n_x", "n_y", "difference", "difference_ci95_low", "difference_ci95_high",
            "p_improvement", "p_improvement_ci95_low", "p_improvement_ci95_high", "u", "p_value", "exact", "p_holm");
        foreach (var p in comparison.Pairs)
            CsvExport.Line(text, comparison.Axis.ToString().ToLowerInvariant(), comparison.Metric.Name(), p.Fixed, p.X, p.Y, CsvExport.Value(p.Nx), CsvExport.Value(p.Ny),
                CsvExport.Value(p.Difference), CsvExport.Value(p.DifferenceCi?.Low), CsvExport.Value(p.DifferenceCi?.High),
                CsvExport.Value(p.Improvement), CsvExport.Value(p.ImprovementCi?.Low), CsvExport.Value(p.ImprovementCi?.High),
                CsvExport.Value(p.Test.U), CsvExport.Value(p.Test.PValue), p.Test.Exact ? "true" : "false", CsvExport.Value(p.HolmP));
        return text.ToString();
    }

    /// <summary>The groups CSV's extra columns for one metric: median, IQM and the three intervals (empty where undefined).</summary>
    public static string[] CsvHeader(SeedMetric metric) => [.. CsvColumns.Select(c => $"{metric.Name()}_{c}")];

    private static readonly string[] CsvColumns = ["median", "iqm", "mean_boot_low", "mean_boot_high", "median_boot_low", "median_boot_high", "iqm_boot_low", "iqm_boot_high"];

    public static string[] CsvCells(GroupSummary group, SeedMetric metric) => group.Statistics(metric) is { } s
        ? [CsvExport.Value(s.Median), CsvExport.Value(s.Iqm), CsvExport.Value(s.MeanCi?.Low), CsvExport.Value(s.MeanCi?.High),
            CsvExport.Value(s.MedianCi?.Low), CsvExport.Value(s.MedianCi?.High), CsvExport.Value(s.IqmCi?.Low), CsvExport.Value(s.IqmCi?.High)]
        : ["", "", "", "", "", "", "", ""];

    public static JsonObject? Json(SeedStatistics? s) => s is null ? null : new JsonObject
    {
        ["n"] = s.N, ["mean"] = s.Mean, ["median"] = s.Median, ["iqm"] = s.Iqm,
        ["bootstrap"] = s.MeanCi is null ? null : new JsonObject
        {
            ["resamples"] = Bootstrap.Resamples, ["level"] = Bootstrap.Level,
            ["mean"] = Json(s.MeanCi), ["median"] = Json(s.MedianCi), ["iqm"] = Json(s.IqmCi),
        },
        ["no_interval"] = s.NoIntervalReason,
    };

    public static JsonObject? Json(Collapse? c) => c is null ? null : new JsonObject
    {
        ["collapsed"] = c.Collapsed, ["seeds"] = c.Seeds, ["rate"] = c.Rate, ["wilson95"] = Json(c.Ci),
    };

    public static JsonObject Json(AxisComparison comparison) => new()
    {
        ["axis"] = comparison.Axis.ToString().ToLowerInvariant(),
        ["metric"] = comparison.Metric.Name(),
        ["higher_is_better"] = comparison.Metric.HigherIsBetter(),
        ["summary"] = comparison.Summary,
        ["pairs"] = new JsonArray(comparison.Pairs.Select(p => (JsonNode?)new JsonObject
        {
            ["held_fixed"] = p.Fixed, ["x"] = p.X, ["y"] = p.Y, ["n_x"] = p.Nx, ["n_y"] = p.Ny,
            ["difference"] = p.Difference, ["difference_ci95"] = Json(p.DifferenceCi),
            ["p_improvement"] = p.Improvement, ["p_improvement_ci95"] = Json(p.ImprovementCi),
            ["u"] = p.Test.U, ["p_value"] = p.Test.PValue, ["exact"] = p.Test.Exact, ["p_holm"] = p.HolmP,
        }).ToArray()),
        ["not_compared"] = new JsonArray(comparison.Skipped.Select(s => (JsonNode?)s).ToArray()),
    };

    private static JsonArray? Json(Interval? interval) => interval is { } i ? new JsonArray(i.Low, i.High) : null;
}

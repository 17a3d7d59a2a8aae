using ScottPlot;

namespace Sweep.Reporting.Pictures;

/// <summary>
/// The robustness-to-seed pictures of Agarwal et al. 2021: a forest plot of a comparison's
/// differences with their intervals, and performance profiles (the share of seeds reaching each score).
/// </summary>
public static class SeedPictures
{
    private const int RowHeight = 34;

    /// <summary>One row per pair, top to bottom in the table's order: X − Y's mean difference and its bootstrap 95% interval; a dashed line at no difference.</summary>
    public static byte[] Forest(string title, AxisComparison comparison)
    {
        var plot = BuildForest(title, comparison);
        return PictureStyle.Png(plot, 760, 110 + RowHeight * Math.Max(1, comparison.Pairs.Count));
    }

    /// <summary>The forest plot before rendering: pair k sits at y = −k, its interval a line and its difference a dot.</summary>
    internal static Plot BuildForest(string title, AxisComparison comparison)
    {
        var plot = new Plot();
        var scale = comparison.Metric.Scale();
        for (var k = 0; k < comparison.Pairs.Count; k++)
        {
            var pair = comparison.Pairs[k];
            if (pair.DifferenceCi is { } ci)
            {
                var line = plot.Add.Line(ci.Low * scale, -k, ci.High * scale, -k);
                line.LineWidth = 3;
                line.Color = pair.HolmP < 0.05 ? PictureStyle.ModeCentre : PictureStyle.Real;
            }

            var dot = plot.Add.ScatterPoints(new[] { pair.Difference * scale }, new[] { (double)-k }, Colors.Black);
            dot.MarkerSize = 9;
        }

        var zero = plot.Add.VerticalLine(0);
        zero.LinePattern = LinePattern.Dashed;
        zero.Color = Colors.Gray;
        plot.Title(title, size: 14);
        plot.XLabel($"mean X − mean Y ({comparison.Metric.Heading()}), bootstrap 95% interval; n < 3: no interval", size: 12);
        plot.Axes.Left.SetTicks(comparison.Pairs.Select((_, k) => (double)-k).ToArray(),
            comparison.Pairs.Select(p => $"{p.Fixed}: {p.X} − {p.Y}").ToArray());
        plot.Axes.SetLimitsY(-comparison.Pairs.Count + 0.4, 0.6);
        plot.HideGrid();
        return plot;
    }

    /// <summary>
    /// A performance profile: for each group, the share of its seeds whose score is at least τ
    /// (at most τ where lower is better), as τ runs over the scores any seed reached.
    /// </summary>
    public static byte[] Profile(string title, SeedMetric metric, IReadOnlyList<GroupSummary> groups) =>
        PictureStyle.Png(BuildProfile(title, metric, groups), 900, 400);

    internal static Plot BuildProfile(string title, SeedMetric metric, IReadOnlyList<GroupSummary> groups)
    {
        var plot = new Plot();
        var scale = metric.Scale();
        var withValues = groups.Where(g => g.SeedValues.GetValueOrDefault(metric) is { Length: > 0 }).ToList();
        var taus = withValues.SelectMany(g => g.SeedValues[metric]).Select(v => v * scale).Distinct().Order().ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < withValues.Count; i++)
        {
            var values = withValues[i].SeedValues[metric].Select(v => v * scale).ToArray();
            var shares = taus.Select(t => Share(values, t, metric.HigherIsBetter())).ToArray();
            var line = plot.Add.Scatter(taus, shares, palette.GetColor(i));
            line.ConnectStyle = metric.HigherIsBetter() ? ConnectStyle.StepVertical : ConnectStyle.StepHorizontal;
            line.LegendText = $"{withValues[i].LabelAmong(withValues)} (n = {values.Length})";
        }

        plot.Title(title, size: 14);
        plot.XLabel($"{metric.Heading()} τ", size: 12);
        plot.YLabel(metric.HigherIsBetter() ? "share of seeds with score ≥ τ" : "share of seeds with score ≤ τ", size: 12);
        plot.Axes.SetLimitsY(-0.03, 1.03);
        plot.ShowLegend(Edge.Right);   // beside the plot: the curves fill every corner of it
        return plot;
    }

    /// <summary>The share of <paramref name="values"/> at least (or at most) <paramref name="tau"/>.</summary>
    public static double Share(double[] values, double tau, bool higherIsBetter) =>
        values.Count(v => higherIsBetter ? v >= tau : v <= tau) / (double)values.Length;
}

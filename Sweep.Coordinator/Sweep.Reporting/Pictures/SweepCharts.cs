using ScottPlot;
using Sweep.Reporting;

namespace Sweep.Reporting.Pictures;

/// <summary>
/// One metric of one dataset across a sweep's groups (method × init × noise): bars of the mean over
/// seeds with 95% confidence intervals (and a diamond at each value a paper published for the group),
/// and a strip plot of every seed's value for robustness.
/// Bars are coloured by init × noise, so LO17's four variants read alike across methods.
/// </summary>
public static class SweepCharts
{
    /// <summary>A group on the chart: its label, its summary over seeds, each seed's value and the values papers published for it.</summary>
    public sealed record Column(
        string Label, string Init, string Noise, MetricSummary? Summary, IReadOnlyList<(int Seed, double Value)> Seeds, IReadOnlyList<double>? Published = null);

    /// <summary>The colour of a published value's marker: apart from every variant's.</summary>
    public static readonly Color PublishedColour = Color.FromHex("#d62728");

    private static readonly Dictionary<(string Init, string Noise), Color> Variants = new()
    {
        [("normal", "unimodal")] = Color.FromHex("#9e9e9e"),
        [("normal", "multimodal")] = Color.FromHex("#6baed6"),
        [("covering", "unimodal")] = Color.FromHex("#fdae6b"),
        [("covering", "multimodal")] = Color.FromHex("#31a354"),
    };

    public static byte[] Bars(string title, string metric, IReadOnlyList<Column> columns) =>
        PictureStyle.Png(BuildBars(title, metric, columns), Width(columns), PictureStyle.ChartHeight);

    /// <summary>The bar chart before rendering: column i's bar stands at x = i.</summary>
    internal static Plot BuildBars(string title, string metric, IReadOnlyList<Column> columns)
    {
        var plot = new Plot();
        // A group with nothing completed gets no bar rather than a bar at zero.
        var bars = columns.Select((c, i) => (Column: c, Position: i)).Where(x => x.Column.Summary is not null).Select(x => new Bar
        {
            Position = x.Position,
            Value = x.Column.Summary!.Mean,
            Error = double.IsFinite(x.Column.Summary.Ci95) ? x.Column.Summary.Ci95 : 0,
            FillColor = ColourOf(x.Column),
        }).ToList();
        plot.Add.Bars(bars);
        for (var i = 0; i < columns.Count; i++)
            foreach (var value in columns[i].Published ?? [])
                plot.Add.Marker(i, value, MarkerShape.FilledDiamond, 12, PublishedColour);

        Decorate(plot, title, metric, columns);
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    public static byte[] Strip(string title, string metric, IReadOnlyList<Column> columns)
    {
        var plot = new Plot();
        for (var i = 0; i < columns.Count; i++)
        {
            var seeds = columns[i].Seeds;
            if (seeds.Count == 0) continue;
            // Seeds spread sideways in a fixed order, so equal values stay visible and a seed sits at the same offset in every group.
            var xs = seeds.Select((_, k) => i + (seeds.Count == 1 ? 0 : -0.25 + 0.5 * k / (seeds.Count - 1))).ToArray();
            var points = plot.Add.ScatterPoints(xs, seeds.Select(s => s.Value).ToArray(), ColourOf(columns[i]));
            points.MarkerSize = 8;
            if (columns[i].Summary is { } summary)
            {
                var mean = plot.Add.Line(i - 0.35, summary.Mean, i + 0.35, summary.Mean);
                mean.Color = Colors.Black;
                mean.LineWidth = 2;
            }
        }

        Decorate(plot, title, metric, columns);
        return PictureStyle.Png(plot, Width(columns), PictureStyle.ChartHeight);
    }

    private static Color ColourOf(Column column) => Variants.GetValueOrDefault((column.Init, column.Noise), Colors.SlateGray);

    internal static int Width(IReadOnlyList<Column> columns) => Math.Max(480, 140 + columns.Count * PictureStyle.PixelsPerGroup);

    private static void Decorate(Plot plot, string title, string metric, IReadOnlyList<Column> columns)
    {
        plot.Title(title, size: 14);
        plot.YLabel(metric, size: 12);
        plot.Axes.Bottom.SetTicks(columns.Select((_, i) => (double)i).ToArray(), columns.Select(c => c.Label.Replace('/', '\n')).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(-0.6, columns.Count - 0.4);
        plot.HideGrid();
    }
}

using ScottPlot;
using Sweep.Training.Tracing;

namespace Sweep.Reporting.Pictures;

/// <summary>A trial's training curves: its losses, and its scores at the evaluation points.</summary>
internal static class CurvePictures
{
    public static byte[] Losses(TrialTrace trace, string title)
    {
        var plot = new Plot();
        var iterations = trace.Losses.Select(l => (double)l.Iteration).ToArray();
        var d = plot.Add.ScatterLine(iterations, trace.Losses.Select(l => l.Discriminator).ToArray(), PictureStyle.Discriminator);
        d.LegendText = "D loss";
        var g = plot.Add.ScatterLine(iterations, trace.Losses.Select(l => l.Generator).ToArray(), PictureStyle.Fake);
        g.LegendText = "G loss";
        Decorate(plot, title);
        return PictureStyle.Png(plot, PictureStyle.CurveWidth, PictureStyle.CurveHeight);
    }

    /// <summary>Modes on the left axis; high quality % or KL, whichever the dataset measures, on the right.</summary>
    public static byte[] Scores(TrialTrace trace, string title)
    {
        var plot = new Plot();
        var points = trace.Evaluations;
        var iterations = points.Select(p => (double)p.Iteration).ToArray();
        if (points.Any(p => p.Metrics.Modes is not null))
        {
            var modes = plot.Add.Scatter(iterations, points.Select(p => (double?)p.Metrics.Modes ?? double.NaN).ToArray(), PictureStyle.Real);
            modes.LegendText = "modes";
            plot.YLabel($"modes (of {points.Select(p => p.Metrics.MaxModes).FirstOrDefault(m => m is not null)})", size: 12);
        }

        var (second, label, scale) = points.Any(p => p.Metrics.HighQuality is not null)
            ? (points.Select(p => p.Metrics.HighQuality ?? double.NaN), "high quality %", 100.0)
            : (points.Select(p => p.Metrics.Kl ?? double.NaN), "KL", 1.0);
        if (second.Any(double.IsFinite))
        {
            var right = plot.Add.Scatter(iterations, second.Select(v => v * scale).ToArray(), PictureStyle.Fake);
            right.Axes.YAxis = plot.Axes.Right;
            right.LegendText = label;
            plot.Axes.Right.Label.Text = label;
            plot.Axes.Right.Label.FontSize = 12;
        }

        Decorate(plot, title);
        return PictureStyle.Png(plot, PictureStyle.CurveWidth, PictureStyle.CurveHeight);
    }

    private static void Decorate(Plot plot, string title)
    {
        plot.Title(title, size: 12);
        plot.XLabel("iteration", size: 12);
        // Below the axes: curves run into every corner.
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontSize = 10;
    }
}

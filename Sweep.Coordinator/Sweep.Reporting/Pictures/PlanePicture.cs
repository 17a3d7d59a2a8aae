using ScottPlot;
using Sweep.Training.Tracing;

namespace Sweep.Reporting.Pictures;

/// <summary>
/// A snapshot drawn as LO17 Figure 1 draws the ring: the discriminator's belief as a grey heatmap
/// (dark = fake, light = real), real samples in blue, generated samples in orange, mode centres as
/// green crosses (not in the legend, which must stay small). Planes without a decision surface (hd1200's principal axes) are points only.
/// </summary>
internal static class PlanePicture
{
    public static byte[] Render(PlaneSnapshot snapshot, string title) =>
        PictureStyle.Png(Build(snapshot, title), PictureStyle.PanelSize, PictureStyle.PanelSize);

    /// <summary>The plot before rendering: tests render it themselves to ask where a coordinate landed.</summary>
    internal static Plot Build(PlaneSnapshot snapshot, string title)
    {
        var plot = new Plot();
        if (snapshot.Surface is { } surface) AddSurface(plot, surface);
        AddPoints(plot, snapshot.Real, PictureStyle.Real, 3, "real");
        AddPoints(plot, snapshot.Fake, PictureStyle.Fake, 3, "generated");
        var centres = AddPoints(plot, snapshot.ModeCentres, PictureStyle.ModeCentre, 6, "");
        centres.MarkerShape = MarkerShape.Cross;

        plot.Title(title, size: 11);
        plot.XLabel(snapshot.XLabel, size: 12);
        plot.YLabel(snapshot.YLabel, size: 12);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 9;
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.6);
        plot.Legend.OutlineColor = Colors.Transparent;
        if (snapshot.Surface is { } s)
            plot.Axes.SetLimits(s.XMin, s.XMax, s.YMin, s.YMax);
        return plot;
    }

    private static void AddSurface(Plot plot, DecisionSurface surface)
    {
        var n = surface.Resolution;
        // ScottPlot draws a heatmap's row 0 at the top; the surface's row 0 is the lowest y.
        var values = new double[n, n];
        for (var row = 0; row < n; row++)
            for (var column = 0; column < n; column++)
                values[n - 1 - row, column] = surface.At(row, column);
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(surface.XMin, surface.XMax, surface.YMin, surface.YMax);
        heatmap.Smooth = false;
    }

    private static ScottPlot.Plottables.Scatter AddPoints(Plot plot, float[] points, Color color, float size, string label)
    {
        // Points a diverged generator left at NaN or infinity cannot be drawn, and would spoil the axes.
        var finite = Enumerable.Range(0, points.Length / 2)
            .Select(i => (X: (double)points[2 * i], Y: (double)points[2 * i + 1]))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var scatter = plot.Add.ScatterPoints(finite.Select(p => p.X).ToArray(), finite.Select(p => p.Y).ToArray(), color);
        scatter.MarkerSize = size;
        scatter.LegendText = label;
        return scatter;
    }
}

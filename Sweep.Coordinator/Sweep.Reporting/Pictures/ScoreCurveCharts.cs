using ScottPlot;

namespace Sweep.Reporting.Pictures;

/// <summary>
/// One metric of one dataset during training: a line per trial whose trace has scores, coloured by
/// its group, so a reader sees whether each seed's score had settled by the end of its budget or was
/// still moving when the final number was taken. A failed trial's line (up to its last evaluation)
/// is dashed and its seed named apart, so it is not read as a finished run.
/// </summary>
public static class ScoreCurveCharts
{
    /// <summary>A trial's scores at its evaluation points; <paramref name="Failed"/> when it ended without a result.</summary>
    public sealed record Line(string Group, int Seed, IReadOnlyList<(int Iteration, double Value)> Points, bool Failed = false);

    public static byte[] Render(string title, string metric, IReadOnlyList<Line> lines) =>
        PictureStyle.Png(Build(title, metric, lines), 900, 400);

    /// <summary>The chart before rendering: one scatter line per trial, the groups in order of first appearance, one legend entry each.</summary>
    internal static Plot Build(string title, string metric, IReadOnlyList<Line> lines)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var groups = lines.Select(l => l.Group).Distinct().ToList();
        foreach (var group in groups)
        {
            var colour = palette.GetColor(groups.IndexOf(group));
            var members = lines.Where(l => l.Group == group).ToList();
            foreach (var line in members)
            {
                var scatter = plot.Add.Scatter(line.Points.Select(p => (double)p.Iteration).ToArray(), line.Points.Select(p => p.Value).ToArray(), colour);
                scatter.MarkerSize = 4;
                if (line.Failed) scatter.LinePattern = LinePattern.Dashed;
                if (line == members[0]) scatter.LegendText = $"{group} ({SeedsOf(members)})";
            }
        }

        plot.Title(title, size: 14);
        plot.XLabel("iteration", size: 12);
        plot.YLabel(metric, size: 12);
        plot.ShowLegend(Edge.Right);   // beside the plot: the lines fill every corner of it
        return plot;
    }

    /// <summary>"seeds 1, 3; failed: 2": the group's seeds, those that failed apart.</summary>
    private static string SeedsOf(IReadOnlyList<Line> members)
    {
        var finished = members.Where(m => !m.Failed).Select(m => m.Seed).ToList();
        var failed = members.Where(m => m.Failed).Select(m => m.Seed).ToList();
        var parts = new List<string>();
        if (finished.Count > 0) parts.Add($"seeds {string.Join(", ", finished)}");
        if (failed.Count > 0) parts.Add($"failed: {string.Join(", ", failed)}");
        return string.Join("; ", parts);
    }
}

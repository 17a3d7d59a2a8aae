using ScottPlot;
using SkiaSharp;
using Sweep.Reporting.Pictures;
using Sweep.Reporting;
using Sweep.Training.Running;
using Sweep.Training.Tracing;

namespace Sweep.Tests.Reporting.Pictures;

/// <summary>The pictures hold what their data says: each test draws known data and reads the pixels back.</summary>
public sealed class PictureTests
{
    [Fact]
    public void A_plane_snapshot_draws_the_surface_dark_where_d_says_fake_and_light_where_it_says_real_with_each_point_at_its_coordinates()
    {
        // D believes the upper half (y > 0) real and the lower half fake; real samples sit upper left, generated ones lower right.
        const int n = 8;
        var realness = Enumerable.Range(0, n * n).Select(i => i / n >= n / 2 ? (byte)255 : (byte)0).ToArray();
        var snapshot = new PlaneSnapshot(10, "x", "y", Repeat(-1, 1), Repeat(1, -1), [],
            new DecisionSurface(-2, 2, -2, 2, n, realness));

        var plot = PlanePicture.Build(snapshot, "known data");
        using var picture = SKBitmap.Decode(plot.GetImageBytes(PictureStyle.PanelSize, PictureStyle.PanelSize, ImageFormat.Png));
        SKColor At(double x, double y) => PixelAt(plot, picture, x, y);

        Assert.True(Brightness(At(1, 0.5)) > 220, $"upper half should be light, is {At(1, 0.5)}");
        Assert.True(Brightness(At(-1, -1)) < 40, $"lower half should be dark, is {At(-1, -1)}");
        Assert.True(At(-1, 1) is { Blue: > 150 } c && c.Blue > c.Red + 80, $"real samples should be blue at (-1, 1), are {At(-1, 1)}");
        Assert.True(At(1, -1) is { Red: > 200 } f && f.Red > f.Blue + 80, $"generated samples should be orange at (1, -1), are {At(1, -1)}");
    }

    [Fact]
    public void A_diverged_generators_points_are_left_out_and_the_real_data_still_drawn()
    {
        float[] diverged = [float.NaN, 1, float.PositiveInfinity, 0, 0.5f, float.NegativeInfinity];
        var snapshot = new PlaneSnapshot(0, "PC1", "PC2", Repeat(3, 4), diverged, [3, 4], Surface: null);

        var plot = PlanePicture.Build(snapshot, "diverged");
        using var picture = SKBitmap.Decode(plot.GetImageBytes(PictureStyle.PanelSize, PictureStyle.PanelSize, ImageFormat.Png));

        var at = PixelAt(plot, picture, 3, 4);
        Assert.True(at.Blue > at.Red + 80 || at.Green > at.Red + 60, $"real samples (or their mode centre) at (3, 4), found {at}");
    }

    [Fact]
    public void A_sample_grid_shows_each_image_in_its_own_tile_in_order()
    {
        // Four 3×3 images, each one flat colour: red, green, blue, grey.
        byte[][] colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [128, 128, 128]];
        var pixels = colours.SelectMany(c => c.SelectMany(channel => Enumerable.Repeat(channel, 9))).ToArray();

        using var grid = SKBitmap.Decode(SampleGridPicture.Render(new SampleGridSnapshot(5, 4, 3, 3, 3, pixels)));

        // 2 × 2 tiles of 3·2 pixels with 2-pixel gaps: tile (row, column)'s centre is at 2 + 8·column + 3.
        for (var i = 0; i < 4; i++)
        {
            var pixel = grid.GetPixel(2 + 8 * (i % 2) + 3, 2 + 8 * (i / 2) + 3);
            Assert.Equal((colours[i][0], colours[i][1], colours[i][2]), (pixel.Red, pixel.Green, pixel.Blue));
        }

        Assert.Equal(SKColors.White, grid.GetPixel(0, 0));
    }

    [Fact]
    public void Bars_stand_as_high_as_their_means_with_their_confidence_intervals_above()
    {
        var columns = new List<SweepCharts.Column>
        {
            new("gan/normal/unimodal", "normal", "unimodal", new MetricSummary(5, 2, 1, 1.5), []),
            new("gan/covering/multimodal", "covering", "multimodal", new MetricSummary(5, 6, 0.5, 0.4), []),
        };

        var plot = SweepCharts.BuildBars("known means", "modes", columns);
        using var chart = SKBitmap.Decode(plot.GetImageBytes(SweepCharts.Width(columns), PictureStyle.ChartHeight, ImageFormat.Png));
        SKColor At(double x, double y) => PixelAt(plot, chart, x, y);

        // Off-centre, so the error bar's vertical line does not count as the bar.
        Assert.NotEqual(SKColors.White, At(0.2, 1));
        Assert.NotEqual(SKColors.White, At(1.2, 1));
        Assert.Equal(SKColors.White, At(0.2, 4.5));
        Assert.NotEqual(SKColors.White, At(1.2, 4.5));
        // Column 0's interval reaches 2 + 1.5: its thin line shows above the bar (within a pixel or two of x = 0,
        // as anti-aliasing spreads it), and nothing is drawn above its top.
        var line = plot.GetPixel(new Coordinates(0, 3));
        var darkest = Enumerable.Range(-2, 5).Min(dx => Brightness(chart.GetPixel((int)Math.Round(line.X) + dx, (int)Math.Round(line.Y))));
        Assert.True(darkest < 200, $"error bar expected at (0, 3), darkest pixel there {darkest}");
        Assert.Equal(SKColors.White, At(0, 4.5));
    }

    [Fact]
    public void A_published_value_is_a_red_diamond_at_its_height_over_its_group()
    {
        var columns = new List<SweepCharts.Column>
        {
            new("gan/normal/unimodal", "normal", "unimodal", new MetricSummary(5, 2, 1, 1.5), [], Published: [7]),
            new("veegan/normal/unimodal", "normal", "unimodal", new MetricSummary(5, 6, 0.5, 0.4), []),
        };

        var plot = SweepCharts.BuildBars("with the paper", "modes", columns);
        using var chart = SKBitmap.Decode(plot.GetImageBytes(SweepCharts.Width(columns), PictureStyle.ChartHeight, ImageFormat.Png));
        SKColor At(double x, double y) => PixelAt(plot, chart, x, y);

        var red = SweepCharts.PublishedColour;
        Assert.Equal((red.R, red.G, red.B), (At(0, 7).Red, At(0, 7).Green, At(0, 7).Blue));
        Assert.Equal(SKColors.White, At(0, 5.5));   // between the interval's top (3.5) and the diamond
        Assert.Equal(SKColors.White, At(1, 7));     // the other group published nothing
    }

    [Fact]
    public void Curves_draw_both_losses_and_the_scores_a_trial_recorded()
    {
        var trace = new TrialTrace(
            Enumerable.Range(1, 50).Select(i => new LossPoint(i * 10, 1.0 + 0.01 * i, 0.5 + 0.02 * i)).ToList(),
            // Modes rise while high quality falls, so the two lines cannot cover each other.
            Enumerable.Range(0, 6).Select(i => new EvaluationPoint(i * 100, new TrialMetrics(i + 2, 8, 0.5 - 0.1 * i))).ToList(),
            null, null);

        using var losses = SKBitmap.Decode(CurvePictures.Losses(trace, "losses"));
        using var scores = SKBitmap.Decode(CurvePictures.Scores(trace, "scores"));

        Assert.True(Count(losses, IsOrange) > 100, "the generator's loss line (orange) is drawn");
        Assert.True(Count(losses, IsGrey) > 100, "the discriminator's loss line (grey) is drawn");
        Assert.True(Count(scores, IsBlue) > 40, $"the modes line (blue) is drawn: {Count(scores, IsBlue)} pixels");
        Assert.True(Count(scores, IsOrange) > 40, $"the high-quality line (orange) is drawn: {Count(scores, IsOrange)} pixels");
    }

    [Fact]
    public void Score_curves_draw_a_line_per_trial_in_its_groups_colour_and_name_each_group_once_with_its_seeds()
    {
        static ScoreCurveCharts.Line Flat(string group, int seed, double value) => new(group, seed, [(0, value), (50_000, value), (100_000, value)]);
        var lines = new List<ScoreCurveCharts.Line> { Flat("gan", 1, 2), Flat("veegan", 1, 6), Flat("gan", 3, 4) };

        var plot = ScoreCurveCharts.Build("ring: modes during training", "modes", lines);
        using var chart = SKBitmap.Decode(plot.GetImageBytes(900, 400, ImageFormat.Png));
        SKColor At(double x, double y) => PixelAt(plot, chart, x, y);

        Assert.True(IsBlue(At(50_000, 2)) && IsBlue(At(50_000, 4)), "both gan seeds in the first colour");
        Assert.True(IsOrange(At(50_000, 6)), "veegan's seed in the second colour");
        Assert.Equal(SKColors.White, At(50_000, 5));
        Assert.Equal(["gan (seeds 1, 3)", "veegan (seeds 1)"],
            plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText).Where(t => !string.IsNullOrEmpty(t)));
    }

    [Fact]
    public void A_failed_trials_curve_is_dashed_and_its_seed_named_apart_in_the_legend()
    {
        static ScoreCurveCharts.Line Flat(string group, int seed, double value, bool failed = false) =>
            new(group, seed, [(0, value), (10_000, value)], failed);
        var lines = new List<ScoreCurveCharts.Line> { Flat("gan", 1, 2), Flat("gan", 2, 3, failed: true), Flat("ali", 2, 1, failed: true) };

        var scatters = ScoreCurveCharts.Build("hd1200: modes during training", "modes", lines).GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();

        Assert.Equal([LinePattern.Solid, LinePattern.Dashed, LinePattern.Dashed], scatters.Select(s => s.LinePattern));
        Assert.Equal(["gan (seeds 1; failed: 2)", "ali (failed: 2)"], scatters.Select(s => s.LegendText).Where(t => !string.IsNullOrEmpty(t)));
    }

    /// <summary>The rendered pixel at data coordinates (x, y): ScottPlot's map is that of the plot's last render.</summary>
    private static SKColor PixelAt(Plot plot, SKBitmap rendered, double x, double y)
    {
        var pixel = plot.GetPixel(new Coordinates(x, y));
        return rendered.GetPixel((int)Math.Round(pixel.X), (int)Math.Round(pixel.Y));
    }

    private static float[] Repeat(float x, float y) => Enumerable.Range(0, 40).SelectMany(_ => new[] { x, y }).ToArray();

    private static int Brightness(SKColor c) => (c.Red + c.Green + c.Blue) / 3;

    private static bool IsOrange(SKColor c) => c.Red > 220 && c.Green is > 100 and < 160 && c.Blue < 60;

    private static bool IsBlue(SKColor c) => c.Blue > 150 && c.Red < 90 && c.Green is > 90 and < 150;

    private static bool IsGrey(SKColor c) => Math.Abs(c.Red - 127) < 12 && Math.Abs(c.Green - 127) < 12 && Math.Abs(c.Blue - 127) < 12;

    private static int Count(SKBitmap bitmap, Func<SKColor, bool> match) => bitmap.Pixels.Count(match);
}

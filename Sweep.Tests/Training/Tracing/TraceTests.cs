using Sweep.Tests.Support;
using Sweep.Training.Data;
using Sweep.Training.Running;
using Sweep.Training.Tracing;
using static TorchSharp.torch;

namespace Sweep.Tests.Training.Tracing;

/// <summary>What a trial records for its pictures: curves, snapshots, and that recording them changes nothing.</summary>
[Collection(TorchTests.Name)]
public sealed class TraceTests
{
    [Trait("Tier", "Full")]
    [Fact]
    public void A_ring_trial_records_loss_and_score_curves_and_snapshots_at_both_ends()
    {
        var spec = Specs.Trial("ring", "gan", "covering", "multimodal", iterations: 400, set: [("categories", "8"), ("covering_steps", "30")]);

        var result = TrialRunner.Run(spec, new TrialRunOptions { Trace = new TraceOptions(EvaluationPoints: 4, LossPoints: 100) }, CancellationToken.None);

        var trace = result.Trace!;
        Assert.Equal(Enumerable.Range(1, 100).Select(k => 4 * k), trace.Losses.Select(l => l.Iteration));
        Assert.All(trace.Losses, l => Assert.True(double.IsFinite(l.Discriminator) && double.IsFinite(l.Generator)));
        Assert.Equal([0, 100, 200, 300, 400], trace.Evaluations.Select(e => e.Iteration));
        Assert.Equal(result.Metrics, trace.Evaluations[^1].Metrics);
        Assert.All(trace.Evaluations, e => Assert.Equal(8, e.Metrics.MaxModes));

        var (initial, final) = ((PlaneSnapshot)trace.Initial!, (PlaneSnapshot)trace.Final!);
        Assert.Equal((0, 400), (initial.Iteration, final.Iteration));
        Assert.Equal((2 * Snapshots.Points, 2 * Snapshots.Points, 16), (final.Real.Length, final.Fake.Length, final.ModeCentres.Length));
        Assert.Equal(Snapshots.SurfaceResolution * Snapshots.SurfaceResolution, final.Surface!.Realness.Length);
        // Real ring samples (radius 2, std 0.02) lie on the circle, and the picture's square holds them all.
        var radii = Pairs(final.Real).Select(p => Math.Sqrt(p.X * p.X + p.Y * p.Y)).ToList();
        Assert.InRange(radii.Min(), 1.85, 2.0);
        Assert.InRange(radii.Max(), 2.0, 2.15);
        Assert.True(final.Surface.XMin < -2.1 && final.Surface.XMax > 2.1 && final.Surface.YMin < -2.1 && final.Surface.YMax > 2.1);
    }

    [Fact]
    public void The_decision_surface_holds_the_discriminators_belief_at_each_cells_centre_rows_along_y()
    {
        var spec = Specs.Trial("ring", "gan", set: [("batch_size", "64")]);
        using var session = new TrialSession(spec);
        for (var i = 0; i < 20; i++) session.Step();
        using var random = new Generator(3);

        var surface = ((PlaneSnapshot)Snapshots.Take(session.Data, session.Method, session.Noise, 20, random)).Surface!;

        var n = surface.Resolution;
        var cell = (surface.XMax - surface.XMin) / n;
        foreach (var (row, column) in new[] { (0, 0), (0, n - 1), (n - 1, 0), (5, 40), (n - 1, n - 1) })
        {
            using var _ = no_grad();
            var point = tensor(new[] { (float)(surface.XMin + (column + 0.5) * cell), (float)(surface.YMin + (row + 0.5) * cell) }).view(1, 2);
            var expected = session.Method.Realness(point).item<float>();
            Assert.Equal(expected, surface.At(row, column), 0.0025);
        }
    }

    [Trait("Tier", "Full")]
    [Fact]
    public void A_trained_discriminator_rates_where_the_real_data_lies_above_where_the_generator_puts_its_samples()
    {
        var spec = Specs.Trial("ring", "gan", iterations: 150, preset: "lo17");

        var final = (PlaneSnapshot)TrialRunner.Run(spec, new TrialRunOptions(), CancellationToken.None).Trace!.Final!;

        var surface = final.Surface!;
        double MeanRealness(float[] points) => Pairs(points).Average(p => RealnessAt(surface, p));
        Assert.True(MeanRealness(final.Real) > MeanRealness(final.Fake) + 0.1,
            $"realness at real samples {MeanRealness(final.Real):F2}, at generated samples {MeanRealness(final.Fake):F2}");
    }

    [Trait("Tier", "Full")]
    [Fact]
    public void Hd1200_is_pictured_on_the_real_datas_principal_axes_with_its_ten_modes_apart()
    {
        var spec = Specs.Trial("hd1200", "gan", iterations: 5, set: [("batch_size", "64")]);

        var final = (PlaneSnapshot)TrialRunner.Run(spec, new TrialRunOptions(), CancellationToken.None).Trace!.Final!;

        Assert.Null(final.Surface);
        Assert.Equal(("PC1", "PC2"), (final.XLabel, final.YLabel));
        var centres = Pairs(final.ModeCentres).ToList();
        Assert.Equal(10, centres.Count);
        // The offsets m·1 differ by at least 0.25 per coordinate: ≥ 0.25·√1200 ≈ 8.7 apart along the first axis.
        var gaps = centres.Select(c => c.X).Order().Zip(centres.Select(c => c.X).Order().Skip(1), (a, b) => b - a);
        Assert.True(gaps.Min() > 8, $"closest modes {gaps.Min():F1} apart");
        // Every real sample sits nearer its own projected mode than half the closest gap.
        Assert.All(Pairs(final.Real), p => Assert.True(centres.Min(c => Math.Abs(c.X - p.X)) < 4.3));
    }

    [Trait("Tier", "Full")]
    [Theory]
    [InlineData("gan")]
    [InlineData("veegan")]
    public void Recording_a_trace_changes_no_result(string method)
    {
        var spec = Specs.Trial("grid", method, "covering", "multimodal", iterations: 40, set: [("categories", "25"), ("batch_size", "64"), ("covering_steps", "10")]);

        var traced = TrialRunner.Run(spec, new TrialRunOptions(), CancellationToken.None);
        var untraced = TrialRunner.Run(spec, new TrialRunOptions { Trace = null }, CancellationToken.None);

        Assert.NotNull(traced.Trace);
        Assert.Null(untraced.Trace);
        Assert.Equal(untraced.Metrics, traced.Metrics);
    }

    [Fact]
    public void A_trace_survives_its_byte_form()
    {
        var spec = Specs.Trial("ring", "veegan", iterations: 30, set: [("batch_size", "64")]);
        var trace = TrialRunner.Run(spec, new TrialRunOptions(), CancellationToken.None).Trace!;

        var again = TraceFormat.Read(TraceFormat.Write(trace));

        Assert.Equal(trace.Losses, again.Losses);
        Assert.Equal(trace.Evaluations, again.Evaluations);
        var (before, after) = ((PlaneSnapshot)trace.Final!, (PlaneSnapshot)again.Final!);
        Assert.Equal(before.Fake, after.Fake);
        Assert.Equal(before.Surface!.Realness, after.Surface!.Realness);
        Assert.Throws<InvalidDataException>(() => TraceFormat.Read([1, 2, 3]));
    }

    private static IEnumerable<(double X, double Y)> Pairs(float[] points) =>
        Enumerable.Range(0, points.Length / 2).Select(i => ((double)points[2 * i], (double)points[2 * i + 1]));

    private static double RealnessAt(DecisionSurface surface, (double X, double Y) p)
    {
        var n = surface.Resolution;
        var column = Math.Clamp((int)((p.X - surface.XMin) / (surface.XMax - surface.XMin) * n), 0, n - 1);
        var row = Math.Clamp((int)((p.Y - surface.YMin) / (surface.YMax - surface.YMin) * n), 0, n - 1);
        return surface.At(row, column);
    }
}

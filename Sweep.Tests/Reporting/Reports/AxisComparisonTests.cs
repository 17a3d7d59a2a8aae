using Sweep.Reporting;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Reporting.Reports;

/// <summary>Comparisons along one axis with the others held fixed, on a sweep whose numbers were chosen to be worked by hand.</summary>
public sealed class AxisComparisonTests
{
    private static TrialRecord Completed(string init, string noise, int seed, int modes, double? kl = null, int iterations = 50)
    {
        var spec = Specs.Trial("ring", "gan", init, noise, seed: seed, iterations: iterations);
        return new TrialRecord { Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Modes = modes, MaxModes = 8, HighQuality = 0.5, Kl = kl };
    }

    /// <summary>ring/gan, init × noise × 4 seeds, normal listed first (the grid's order).</summary>
    private static List<TrialRecord> Grid() =>
    [
        .. new[] { 2, 3, 2, 3 }.Select((m, i) => Completed("normal", "unimodal", i + 1, m)),
        .. new[] { 5, 5, 5, 5 }.Select((m, i) => Completed("normal", "multimodal", i + 1, m)),
        .. new[] { 8, 8, 7, 8 }.Select((m, i) => Completed("covering", "unimodal", i + 1, m)),
        .. new[] { 8, 8, 8, 8 }.Select((m, i) => Completed("covering", "multimodal", i + 1, m)),
    ];

    private static SweepReport Report(IReadOnlyList<TrialRecord> trials) =>
        new(new SweepRecord { Name = "axes", Fingerprint = "f", Definition = "name: axes", TrialIds = trials.Select(t => t.Id).ToList() }, trials);

    [Fact]
    public void Init_is_compared_within_each_noise_with_holm_across_both_pairs()
    {
        var comparison = AxisComparison.Of(Report(Grid()), Axis.Init, SeedMetric.Modes);

        Assert.Equal(["ring/gan/unimodal", "ring/gan/multimodal"], comparison.Pairs.Select(p => p.Fixed).Order(StringComparer.Ordinal).Reverse());
        Assert.All(comparison.Pairs, p => Assert.Equal(("covering", "normal", 1.0), (p.X, p.Y, p.Improvement)));
        var unimodal = comparison.Pairs.Single(p => p.Fixed == "ring/gan/unimodal");
        var multimodal = comparison.Pairs.Single(p => p.Fixed == "ring/gan/multimodal");
        Assert.Equal(7.75 - 2.5, unimodal.Difference, 12);
        Assert.Equal(3.0, multimodal.Difference, 12);

        // Unimodal: ranks of 2 2 3 3 | 7 8 8 8 give U = 16 of 16; ties 2, 2 and 3 (6 + 6 + 24):
        // sd = sqrt(16/12 · (9 − 36/56)), z = 7.5 / sd = 2.24679, p = 0.0246533.
        // Multimodal: 5 5 5 5 | 8 8 8 8, ties 60 + 60: z = 2.48039, p = 0.0131238.
        Assert.Equal((16.0, false), (unimodal.Test.U, unimodal.Test.Exact));
        Assert.Equal(0.02465329, unimodal.Test.PValue, 7);
        Assert.Equal(0.01312381, multimodal.Test.PValue, 7);
        // Holm: the smaller doubled (0.0262476), the larger at least that.
        Assert.Equal(0.02624761, multimodal.HolmP, 7);
        Assert.Equal(0.02624761, unimodal.HolmP, 7);
        Assert.Equal("2 of 2 pair(s) differ at the 5% level after Holm's correction", comparison.Summary);

        // Every resample of covering/multimodal is 8 and of normal/multimodal 5: the interval is a point.
        Assert.Equal((3.0, 3.0), (multimodal.DifferenceCi!.Value.Low, multimodal.DifferenceCi.Value.High));
        Assert.Equal((1.0, 1.0), (multimodal.ImprovementCi!.Value.Low, multimodal.ImprovementCi.Value.High));
    }

    [Fact]
    public void Where_lower_is_better_the_probability_of_improvement_counts_lower_values_as_wins()
    {
        List<TrialRecord> trials =
        [
            .. new[] { 0.4, 0.5, 0.6 }.Select((kl, i) => Completed("normal", "unimodal", i + 1, 8, kl)),
            .. new[] { 0.1, 0.2, 0.5 }.Select((kl, i) => Completed("covering", "unimodal", i + 1, 8, kl)),
        ];

        var pair = Assert.Single(AxisComparison.Of(Report(trials), Axis.Init, SeedMetric.Kl).Pairs);

        // Covering's 0.1 and 0.2 are below all three of normal's (6 wins); its 0.5 is below 0.6, ties 0.5 and is above 0.4 (1.5). 7.5 of 9.
        Assert.Equal(7.5 / 9, pair.Improvement, 12);
        Assert.Equal(0.8 / 3 - 1.5 / 3, pair.Difference, 12);
    }

    [Fact]
    public void A_level_with_two_budgets_in_one_stratum_is_not_compared_and_the_comparison_says_why()
    {
        var trials = Grid();
        trials.AddRange(new[] { 4, 4, 4 }.Select((m, i) => Completed("normal", "unimodal", i + 1, m, iterations: 100)));

        var comparison = AxisComparison.Of(Report(trials), Axis.Init, SeedMetric.Modes);

        Assert.Equal("ring/gan/multimodal", Assert.Single(comparison.Pairs).Fixed);
        var skipped = Assert.Single(comparison.Skipped);
        Assert.Contains("ring/gan/unimodal: 2 groups of normal differ in preset, budget or knobs (lo17, 50 it; lo17, 100 it)", skipped);
    }

    [Fact]
    public void Exports_compare_every_axis_the_sweep_varies_but_the_dataset_on_every_metric_it_has()
    {
        var comparisons = SeedStatisticsText.Comparisons(Report(Grid()));

        Assert.Equal([(Axis.Init, SeedMetric.Modes), (Axis.Init, SeedMetric.HighQuality), (Axis.Noise, SeedMetric.Modes), (Axis.Noise, SeedMetric.HighQuality)],
            comparisons.Select(c => (c.Axis, c.Metric)));
        var noise = comparisons[2];
        // Noise within each init: multimodal (listed second) against unimodal.
        Assert.All(noise.Pairs, p => Assert.Equal(("multimodal", "unimodal"), (p.X, p.Y)));
    }
}

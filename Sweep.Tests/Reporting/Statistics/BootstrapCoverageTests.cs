using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using Sweep.Reporting.Statistics;

namespace Sweep.Tests.Reporting.Statistics;

/// <summary>
/// The percentile bootstrap's intervals cover the true value as often as they claim: 1 000 samples
/// drawn from a distribution whose mean (and trimmed mean) is known, each bootstrapped with 2 000
/// resamples; the share of intervals holding the truth must be within 2 points of 95%.
/// </summary>
public sealed class BootstrapCoverageTests
{
    private const int Replicates = 1_000;

    private static double Coverage(Func<Random, double[]> draw, Func<double[], double> statistic, double truth)
    {
        var random = new Xoshiro256StarStar(1234, threadSafe: false);
        var covered = 0;
        for (var r = 0; r < Replicates; r++)
            if (Bootstrap.PercentileOfSorted([.. draw(random).Order()], [statistic], seed: r)[0].Contains(truth)) covered++;
        return covered / (double)Replicates;
    }

    [Fact]
    public void The_mean_of_normal_draws_is_covered_95_percent_of_the_time()
    {
        var coverage = Coverage(random => Normal.Samples(random, 3, 2).Take(50).ToArray(), Robust.Mean, truth: 3);
        Assert.InRange(coverage, 0.93, 0.97);
    }

    [Fact]
    public void The_mean_of_a_modes_like_count_is_covered_95_percent_of_the_time()
    {
        // Modes captured of 8, each mode kept with probability 0.75: Binomial(8, 0.75), mean 6.
        var coverage = Coverage(random => Binomial.Samples(random, 0.75, 8).Take(60).Select(k => (double)k).ToArray(), Robust.Mean, truth: 6);
        Assert.InRange(coverage, 0.93, 0.97);
    }

    [Fact]
    public void The_interquartile_mean_of_normal_draws_is_covered_95_percent_of_the_time()
    {
        // Symmetric: the population's interquartile mean is its mean.
        var coverage = Coverage(random => Normal.Samples(random, -1, 0.5).Take(60).ToArray(), Robust.IqmOfSorted, truth: -1);
        Assert.InRange(coverage, 0.93, 0.97);
    }
}

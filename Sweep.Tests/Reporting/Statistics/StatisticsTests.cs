using MathNet.Numerics.Random;
using Sweep.Reporting;
using Sweep.Reporting.Statistics;

namespace Sweep.Tests.Reporting.Statistics;

/// <summary>The seed statistics against cases worked by hand (and against published tables where there are some).</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void Mann_Whitney_takes_the_exact_distribution_for_small_untied_samples()
    {
        // x all below y: U of x is 0; P(U >= 9) for 3 and 3 is 1 of C(6,3) = 20 orderings, two-sided 0.1.
        var three = MannWhitney.Test([1, 2, 3], [4, 5, 6]);
        Assert.Equal((0.0, 0.1, true), (three.U, Math.Round(three.PValue, 12), three.Exact));

        // 4 and 4: 2 / C(8,4) = 2/70.
        Assert.Equal(2.0 / 70, MannWhitney.Test([1, 2, 3, 4], [5, 6, 7, 8]).PValue, 12);

        // 2 against 9 (one sample of at most 8 is enough): both above every y, 2 / C(11,2) = 2/55; U of x is 2·9 = 18.
        var small = MannWhitney.Test([10, 11], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Equal((18.0, true), (small.U, small.Exact));
        Assert.Equal(2.0 / 55, small.PValue, 12);
    }

    [Fact]
    public void Mann_Whitney_with_ties_uses_the_normal_approximation_with_tie_and_continuity_corrections()
    {
        // Mid-ranks of 1 2 2 | 2 3 4 5 (x: 1 2 2 3, y: 2 4 5): x's ranks 1, 3, 3, 5 sum to 12, U of x = 12 − 10 = 2.
        // U = max(2, 10) = 10, mean 6, tie of 3 gives 3³ − 3 = 24: sd = sqrt(4·3/12 · (8 − 24/42)) = 2.72554;
        // z = (10 − 6 − 0.5) / 2.72554 = 1.28415, two-sided p = erfc(z/√2) = 0.199090.
        var tied = MannWhitney.Test([1, 2, 2, 3], [2, 4, 5]);

        Assert.Equal(2.0, tied.U);
        Assert.False(tied.Exact);
        Assert.Equal(0.19908985, tied.PValue, 7);
    }

    [Fact]
    public void Mann_Whitney_of_identical_samples_is_one()
    {
        Assert.Equal(1.0, MannWhitney.Test([8, 8, 8], [8, 8, 8, 8]).PValue);
    }

    [Fact]
    public void Holm_multiplies_the_kth_smallest_by_m_minus_k_plus_one_and_keeps_the_order()
    {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 raised to 0.06.
        Assert.Equal([0.03, 0.06, 0.06, 0.02], Holm.Adjust([0.01, 0.04, 0.03, 0.005]).Select(p => Math.Round(p, 12)));
        Assert.Equal([1.0, 1.0], Holm.Adjust([0.5, 0.6]));
        Assert.Equal([0.2], Holm.Adjust([0.2]));
    }

    [Fact]
    public void Probability_of_improvement_counts_ties_as_half()
    {
        // x = 1: beats 0 only (1); x = 2: ties 2 and 2 (½ + ½), beats 0 (1); x = 3: beats all (3). 6 of 9.
        Assert.Equal(6.0 / 9, AxisComparison.ProbabilityOfImprovement([1, 2, 3], [2, 2, 0]), 12);
        Assert.Equal(0.5, AxisComparison.ProbabilityOfImprovement([4, 4], [4]), 12);
    }

    [Fact]
    public void The_interquartile_mean_cuts_a_quarter_rounded_down_from_each_end_as_scipy_trim_mean_does()
    {
        Assert.Equal(4.5, Robust.IqmOfSorted([1, 2, 3, 4, 5, 6, 7, 8]));   // cut 2 each end: 3 4 5 6
        Assert.Equal(3.0, Robust.IqmOfSorted([1, 2, 3, 4, 100]));          // cut 1 each end: 2 3 4
        Assert.Equal(2.0, Robust.IqmOfSorted([1, 3]));                     // cut none
        Assert.Equal(2.5, Robust.MedianOfSorted([1, 2, 3, 4]));
        Assert.Equal(3.0, Robust.MedianOfSorted([1, 2, 3, 4, 100]));
    }

    [Fact]
    public void Wilson_intervals_match_the_published_values()
    {
        // Brown, Cai & DasGupta's and every textbook table: 3 of 10 → [0.1078, 0.6032]; 0 of 5 → [0, 0.4345].
        var three = Wilson.Of(3, 10);
        Assert.Equal((0.1078, 0.6032), (Math.Round(three.Low, 4), Math.Round(three.High, 4)));
        var none = Wilson.Of(0, 5);
        Assert.Equal((0.0, 0.4345), (Math.Round(none.Low, 4), Math.Round(none.High, 4)));
        var all = Wilson.Of(5, 5);
        Assert.Equal((0.5655, 1.0), (Math.Round(all.Low, 4), Math.Round(all.High, 4)));
    }

    [Fact]
    public void A_resample_put_in_order_by_counting_gives_the_intervals_sorting_each_resample_gives()
    {
        double[] sample = [0, 1, 1, 2, 3, 3, 3, 5, 8, 8, 13];
        Func<double[], double>[] statistics = [Robust.Mean, Robust.MedianOfSorted, Robust.IqmOfSorted];

        var counted = Bootstrap.PercentileOfSorted(sample, statistics, resamples: 500, seed: 7);

        // The textbook way, as an oracle: the same draws, each resample sorted.
        var random = new Xoshiro256StarStar(7, threadSafe: false);
        var outcomes = statistics.Select(_ => new List<double>()).ToArray();
        for (var b = 0; b < 500; b++)
        {
            var resample = sample.Select(_ => sample[random.Next(sample.Length)]).ToArray();
            Array.Sort(resample);
            for (var k = 0; k < statistics.Length; k++) outcomes[k].Add(statistics[k](resample));
        }

        for (var k = 0; k < statistics.Length; k++)
        {
            var sorted = outcomes[k].Order().ToArray();
            Assert.Equal((Robust.Quantile(sorted, 0.025), Robust.Quantile(sorted, 0.975)), (counted[k].Low, counted[k].High));
        }

        Assert.Throws<ArgumentException>(() => Bootstrap.PercentileOfSorted([2, 1, 3], statistics));
    }

    [Fact]
    public void Seed_statistics_are_deterministic_and_give_no_interval_below_three_seeds()
    {
        var first = SeedStatistics.Of([7, 8, 8, 5, 8]);
        var again = SeedStatistics.Of([8, 5, 8, 7, 8]);
        Assert.Equal(first, again);
        Assert.Equal((5, 7.2, 8.0, 23.0 / 3), (first.N, first.Mean, first.Median, first.Iqm));   // IQM cuts 1 each end: 7 8 8
        Assert.Null(first.NoIntervalReason);

        // The exact bootstrap distribution of the mean: all 5⁵ resamples, each equally likely. 2 000
        // random resamples put the interval's ends within one step (0.2) of its percentiles.
        var values = new double[] { 7, 8, 8, 5, 8 };
        var means = new List<double>();
        for (var code = 0; code < 3125; code++)
            means.Add(Enumerable.Range(0, 5).Sum(k => values[code / (int)Math.Pow(5, k) % 5]) / 5);
        var sorted = means.Order().ToArray();
        double Percentile(double p) => sorted[(int)Math.Floor(p * (sorted.Length - 1))] +
                                       (p * (sorted.Length - 1) % 1) * (sorted[(int)Math.Ceiling(p * (sorted.Length - 1))] - sorted[(int)Math.Floor(p * (sorted.Length - 1))]);
        Assert.Equal(Percentile(0.025), first.MeanCi!.Value.Low, 0.2);
        Assert.Equal(Percentile(0.975), first.MeanCi.Value.High, 0.2);

        var two = SeedStatistics.Of([3, 8]);
        Assert.Null(two.MeanCi);
        Assert.Equal("n < 3", two.NoIntervalReason);
        Assert.Equal(5.5, two.Iqm);
    }

    [Fact]
    public void Collapse_counts_the_seeds_that_missed_a_mode_with_a_wilson_interval()
    {
        var collapse = Collapse.Of([8, 7, 8, 2, 8, 8, 8, 8, 8, 8], maxModes: 8)!;
        Assert.Equal((2, 10, 0.2), (collapse.Collapsed, collapse.Seeds, collapse.Rate));
        Assert.Equal(Wilson.Of(2, 10), collapse.Ci);
        Assert.Null(Collapse.Of([8, 7], maxModes: 8)!.Ci);
        Assert.Null(Collapse.Of([8, 7], maxModes: null));
    }
}

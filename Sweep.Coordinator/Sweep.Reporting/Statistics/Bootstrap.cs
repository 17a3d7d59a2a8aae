using MathNet.Numerics.Random;

namespace Sweep.Reporting.Statistics;

/// <summary>
/// Percentile bootstrap confidence intervals (Efron and Tibshirani 1993, ch. 13), the intervals
/// rliable reports: resample the seeds with replacement, compute the statistic on each resample,
/// and take the 2.5th and 97.5th percentiles of what comes out. The draws come from a generator
/// with a fixed seed, so the same values always give the same interval.
/// </summary>
public static class Bootstrap
{
    /// <summary>Resamples per interval; rliable's default is 2 000 too.</summary>
    public const int Resamples = 2_000;

    /// <summary>The generator's seed: fixed, so that an export made twice is the same file.</summary>
    public const int Seed = 20_211;

    public const double Level = 0.95;

    /// <summary>
    /// The intervals of several statistics of one sample from the same resamples, each handed to
    /// the statistics sorted: one draw per resample instead of one per statistic.
    /// </summary>
    /// <param name="sorted">The sample, in ascending order: a resample is then put in order by counting how often each value was drawn, in O(n) instead of a sort.</param>
    public static Interval[] PercentileOfSorted(double[] sorted, IReadOnlyList<Func<double[], double>> statistics, int resamples = Resamples, int seed = Seed)
    {
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i - 1] > sorted[i]) throw new ArgumentException($"the sample must be in ascending order (index {i} is not)", nameof(sorted));
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var resample = new double[sorted.Length];
        var drawn = new int[sorted.Length];
        var outcomes = statistics.Select(_ => new double[resamples]).ToArray();
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(drawn);
            for (var i = 0; i < drawn.Length; i++) drawn[random.Next(drawn.Length)]++;   // the draws Draw makes, counted
            for (int i = 0, at = 0; i < drawn.Length; i++)
                for (var c = 0; c < drawn[i]; c++) resample[at++] = sorted[i];
            for (var k = 0; k < statistics.Count; k++) outcomes[k][b] = statistics[k](resample);
        }

        return [.. outcomes.Select(Ends)];
    }

    /// <summary>The interval of a statistic of two independent samples, each resampled on its own (rliable's stratified bootstrap with one task).</summary>
    public static Interval Percentile(double[] x, double[] y, Func<double[], double[], double> statistic, int resamples = Resamples, int seed = Seed)
    {
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var (rx, ry) = (new double[x.Length], new double[y.Length]);
        var outcomes = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            Draw(random, x, rx);
            Draw(random, y, ry);
            outcomes[b] = statistic(rx, ry);
        }

        return Ends(outcomes);
    }

    private static void Draw(Random random, double[] from, double[] into)
    {
        for (var i = 0; i < into.Length; i++) into[i] = from[random.Next(from.Length)];
    }

    private static Interval Ends(double[] outcomes)
    {
        Array.Sort(outcomes);
        var tail = (1 - Level) / 2;
        return new Interval(Robust.Quantile(outcomes, tail), Robust.Quantile(outcomes, 1 - tail));
    }
}

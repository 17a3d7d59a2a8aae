using MathNet.Numerics.Statistics;

namespace Sweep.Reporting.Statistics;

/// <summary>The point statistics of a group's seeds, as the robustness-to-seed literature reports them.</summary>
public static class Robust
{
    public static double Mean(double[] values)
    {
        var sum = 0.0;
        foreach (var value in values) sum += value;
        return sum / values.Length;
    }

    /// <summary>The median of values already in order, halfway between the middle two of an even count.</summary>
    public static double MedianOfSorted(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    /// <summary>
    /// The interquartile mean of values already in order: the mean of what is left once a quarter
    /// of them, rounded down, is cut from each end. rliable (Agarwal et al. 2021) computes it as
    /// <c>scipy.stats.trim_mean(scores, proportiontocut=0.25)</c>, which cuts <c>floor(0.25 n)</c>
    /// from each end; so does this, so a table matches theirs value for value.
    /// </summary>
    public static double IqmOfSorted(double[] sorted)
    {
        var cut = sorted.Length / 4;
        var sum = 0.0;
        for (var i = cut; i < sorted.Length - cut; i++) sum += sorted[i];
        return sum / (sorted.Length - 2 * cut);
    }

    /// <summary>The sample quantile numpy's <c>percentile</c> gives by default (linear interpolation, Hyndman and Fan's R-7).</summary>
    public static double Quantile(double[] sorted, double tau) => SortedArrayStatistics.QuantileCustom(sorted, tau, QuantileDefinition.R7);
}

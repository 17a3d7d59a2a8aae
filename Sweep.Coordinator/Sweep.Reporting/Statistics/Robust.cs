using MathNet.Numerics.Statistics;

namespace Sweep.Reporting.Statistics;

/// <summary>The point statistics of a group's seeds, as the robustness-to-seed literature reports them.</summary>
public static class Robust
{
    public static double Mean(double[] values) => values.Average();

    /// <summary>The median, halfway between the middle two of an even count.</summary>
    public static double Median(double[] values) => values.Median();

    /// <summary>
    /// The interquartile mean: the mean of what is left once a quarter of the values, rounded down,
    /// is cut from each end. rliable (Agarwal et al. 2021) computes it as
    /// <c>scipy.stats.trim_mean(scores, proportiontocut=0.25)</c>, which cuts
    /// <c>floor(0.25 n)</c> from each end; so does this, so a table matches theirs value for value.
    /// </summary>
    public static double Iqm(double[] values)
    {
        var sorted = values.Order().ToArray();
        var cut = (int)Math.Floor(0.25 * sorted.Length);
        return sorted.AsSpan(cut, sorted.Length - 2 * cut).ToArray().Average();
    }

    /// <summary>The sample quantile numpy's <c>percentile</c> gives by default (linear interpolation, Hyndman and Fan's R-7).</summary>
    public static double Quantile(double[] sorted, double tau) => SortedArrayStatistics.QuantileCustom(sorted, tau, QuantileDefinition.R7);
}

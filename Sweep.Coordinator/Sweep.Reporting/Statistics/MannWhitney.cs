using MathNet.Numerics.Distributions;

namespace Sweep.Reporting.Statistics;

/// <summary>
/// The Mann–Whitney U test, two-sided, computed as <c>scipy.stats.mannwhitneyu(x, y)</c> computes it
/// by default (scipy ≥ 1.7): U of <c>x</c> from mid-ranks; the exact null distribution when either
/// sample has at most 8 values and no value is tied, otherwise the normal approximation with the
/// tie correction and a continuity correction of ½. (No package served here has the test; MathNet
/// supplies the normal distribution.)
/// </summary>
public static class MannWhitney
{
    public readonly record struct Result(double U, double PValue, bool Exact);

    /// <summary>Above this either sample is large enough for the normal approximation (scipy's rule).</summary>
    public const int MostForExact = 8;

    public static Result Test(double[] x, double[] y)
    {
        if (x.Length == 0 || y.Length == 0) throw new ArgumentException("each sample needs at least one value");
        var (n1, n2) = (x.Length, y.Length);
        var (ranks, tieSizes) = MidRanks([.. x, .. y]);
        var u1 = ranks.Take(n1).Sum() - n1 * (n1 + 1) / 2.0;
        var u = Math.Max(u1, (double)n1 * n2 - u1);
        var exact = (n1 <= MostForExact || n2 <= MostForExact) && tieSizes.Count == 0;
        var p = exact ? 2 * ExactAtLeast((int)Math.Round(u), n1, n2) : 2 * Asymptotic(u, n1, n2, tieSizes);
        return new Result(u1, Math.Clamp(p, 0, 1), exact);
    }

    /// <summary>P(U ≥ u) when both samples come from one distribution with no ties.</summary>
    /// <remarks>
    /// U's counts are the coefficients of the Gaussian binomial [n1 + n2 choose n1](q) =
    /// ∏ₖ₌₁ⁿ¹ (1 − q^(n2+k)) / (1 − q^k), built factor by factor as power series cut at degree n1·n2
    /// (exact for the coefficients kept).
    /// </remarks>
    internal static double ExactAtLeast(int u, int n1, int n2)
    {
        var degree = n1 * n2;
        var counts = new double[degree + 1];
        counts[0] = 1;
        for (var k = 1; k <= n1; k++)
        {
            for (var i = degree; i >= n2 + k; i--) counts[i] -= counts[i - (n2 + k)];
            for (var i = k; i <= degree; i++) counts[i] += counts[i - k];
        }

        return counts.Skip(u).Sum() / counts.Sum();
    }

    private static double Asymptotic(double u, int n1, int n2, IReadOnlyList<int> tieSizes)
    {
        var n = n1 + n2;
        var ties = tieSizes.Sum(t => (double)t * t * t - t);
        var spread = Math.Sqrt(n1 * (double)n2 / 12 * (n + 1 - ties / (n * (n - 1.0))));
        if (spread == 0) return 0.5;   // every value tied: nothing tells the samples apart
        return Normal.CDF(0, 1, -(u - n1 * (double)n2 / 2 - 0.5) / spread);
    }

    /// <summary>Ranks from 1, tied values sharing the mean of their ranks; and the size of each tie (groups of two or more).</summary>
    private static (double[] Ranks, List<int> TieSizes) MidRanks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        var ties = new List<int>();
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (var k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2.0 + 1;
            if (end > start) ties.Add(end - start + 1);
            start = end + 1;
        }

        return (ranks, ties);
    }
}

using System.Collections.Concurrent;
using System.Globalization;

namespace Sweep.Reporting.Statistics;

/// <summary>
/// One metric of a group over its seeds as Agarwal et al. 2021 ("Deep RL at the edge of the
/// statistical precipice") recommend reporting it: mean, median and interquartile mean, each with a
/// percentile-bootstrap 95% interval (<see cref="Bootstrap"/>). With fewer than
/// <see cref="FewestSeeds"/> seeds there are no intervals: a resample of two values says nothing.
/// </summary>
public sealed record SeedStatistics(int N, double Mean, double Median, double Iqm, Interval? MeanCi, Interval? MedianCi, Interval? IqmCi)
{
    public const int FewestSeeds = 3;

    /// <summary>
    /// Beyond this many seeds the intervals are not drawn: 2 000 resamples of 10⁵ values (a
    /// benchmark's one-group sweep) would take minutes, and that many seeds need no bootstrap.
    /// </summary>
    public const int MostSeeds = 1_000;

    /// <summary>Why a summary has no intervals, in words for a table; null when it has them.</summary>
    public string? NoIntervalReason => MeanCi is not null ? null
        : N < FewestSeeds ? $"n < {FewestSeeds}" : $"n > {MostSeeds}: not bootstrapped";

    // The intervals depend only on the values (the generator's seed is fixed), so equal value sets,
    // common for a count such as modes, are bootstrapped once.
    private static readonly ConcurrentDictionary<string, SeedStatistics> Known = new(StringComparer.Ordinal);

    public static SeedStatistics Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values to summarise", nameof(values));
        var sorted = values.Order().ToArray();
        if (sorted.Length > MostSeeds) return Points(sorted, withIntervals: false);
        var key = string.Join(' ', sorted.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        if (Known.TryGetValue(key, out var known)) return known;
        var summary = Points(sorted, withIntervals: sorted.Length >= FewestSeeds);
        if (Known.Count > 100_000) Known.Clear();
        return Known[key] = summary;
    }

    private static readonly Func<double[], double>[] Statistics = [Robust.Mean, Robust.MedianOfSorted, Robust.IqmOfSorted];

    private static SeedStatistics Points(double[] sorted, bool withIntervals)
    {
        var intervals = withIntervals ? Bootstrap.PercentileOfSorted(sorted, Statistics) : null;
        return new SeedStatistics(sorted.Length, Robust.Mean(sorted), Robust.MedianOfSorted(sorted), Robust.IqmOfSorted(sorted),
            intervals?[0], intervals?[1], intervals?[2]);
    }

    /// <summary>The same statistics in other units (a fraction as a percentage).</summary>
    public SeedStatistics Scaled(double factor) => new(N, Mean * factor, Median * factor, Iqm * factor,
        MeanCi?.Scaled(factor), MedianCi?.Scaled(factor), IqmCi?.Scaled(factor));
}

using Sweep.Reporting.Statistics;

namespace Sweep.Reporting;

/// <summary>The grid axes a comparison can run along, as <c>sweep compare --axis</c> names them.</summary>
public enum Axis
{
    Init,
    Noise,
    Method,
    Dataset,
}

/// <summary>
/// Does one level of an axis beat another, seed for seed, with every other axis held fixed? Each
/// group is matched with the groups that differ from it only along the axis (the same other grid
/// axes; preset and budget go with the level, as when each method has its own). Where one level
/// has several groups there (an extended sweep's second budget), none of them is matched, and
/// <see cref="Skipped"/> says so. Per matched pair: the
/// difference of means with a bootstrap 95% interval, the probability of improvement P(X better
/// than Y) (Agarwal et al. 2021) with its bootstrap interval, and the Mann–Whitney U test's
/// p-value, Holm-corrected across every pair of the comparison (one axis, one metric).
/// </summary>
/// <param name="Skipped">Why groups were left out (several groups of one level in one place).</param>
public sealed record AxisComparison(Axis Axis, SeedMetric Metric, IReadOnlyList<AxisComparison.Pair> Pairs, IReadOnlyList<string> Skipped)
{
    /// <summary>
    /// X against Y: X is the level listed later in the sweep's grid (covering against normal,
    /// multimodal against unimodal, VEEGAN against GAN), so a positive difference is X's gain.
    /// </summary>
    /// <param name="Fixed">The other axes' levels, e.g. "ring/gan/unimodal".</param>
    /// <param name="Improvement">P(X better than Y) + ½ P(tie) for one seed of each: U/(n·m), or 1 − U/(n·m) where lower is better.</param>
    public sealed record Pair(
        string Fixed, string X, string Y, int Nx, int Ny,
        double Difference, Interval? DifferenceCi, double Improvement, Interval? ImprovementCi,
        MannWhitney.Result Test, double HolmP)
    {
        /// <summary>Why the pair has no intervals; null when it has them.</summary>
        public string? NoIntervalReason => DifferenceCi is not null ? null
            : Math.Min(Nx, Ny) < SeedStatistics.FewestSeeds ? $"n < {SeedStatistics.FewestSeeds}" : $"n > {SeedStatistics.MostSeeds}: not bootstrapped";
    }

    public string Title => $"{Axis.ToString().ToLowerInvariant()} compared on {Metric.Name()}";

    /// <summary>"2 of 4 pairs differ at the 5% level after Holm's correction".</summary>
    public string Summary => Pairs.Count == 0 ? "no matched pairs"
        : $"{Pairs.Count(p => p.HolmP < 0.05)} of {Pairs.Count} pair(s) differ at the 5% level after Holm's correction";

    public static AxisComparison Of(SweepReport report, Axis axis, SeedMetric metric)
    {
        var order = LevelOrder(report, axis);
        var skipped = new List<string>();
        var matched = new List<(string Fixed, GroupSummary X, GroupSummary Y)>();
        foreach (var stratum in report.Groups.Where(g => g.SeedValues.GetValueOrDefault(metric) is { Length: > 0 })
                     .GroupBy(g => FixedOf(g, axis)))
        {
            var byLevel = stratum.GroupBy(g => LevelOf(g, axis)).OrderBy(l => order.GetValueOrDefault(l.Key, int.MaxValue)).ThenBy(l => l.Key, StringComparer.Ordinal).ToList();
            foreach (var crowded in byLevel.Where(l => l.Count() > 1))
                skipped.Add($"{stratum.Key}: {crowded.Count()} groups of {crowded.Key} differ in preset, budget or knobs " +
                            $"({string.Join("; ", crowded.Select(g => g.Protocol))}); none of them is compared");
            var levels = byLevel.Where(l => l.Count() == 1).Select(l => l.Single()).ToList();
            for (var j = 1; j < levels.Count; j++)
                for (var i = 0; i < j; i++)
                    matched.Add((stratum.Key, levels[j], levels[i]));
        }

        var tests = matched.Select(m => MannWhitney.Test(m.X.SeedValues[metric], m.Y.SeedValues[metric])).ToList();
        var holm = Holm.Adjust(tests.Select(t => t.PValue).ToList());
        var pairs = matched.Select((m, k) => PairOf(m.Fixed, m.X, m.Y, axis, metric, tests[k], holm[k])).ToList();
        return new AxisComparison(axis, metric, pairs, skipped);
    }

    private static Pair PairOf(string @fixed, GroupSummary x, GroupSummary y, Axis axis, SeedMetric metric, MannWhitney.Result test, double holm)
    {
        var (xs, ys) = (x.SeedValues[metric], y.SeedValues[metric]);
        var intervals = Math.Min(xs.Length, ys.Length) >= SeedStatistics.FewestSeeds && Math.Max(xs.Length, ys.Length) <= SeedStatistics.MostSeeds;
        Func<double[], double[], double> improvement = metric.HigherIsBetter() ? ProbabilityOfImprovement : (a, b) => ProbabilityOfImprovement(b, a);
        return new Pair(@fixed, LevelOf(x, axis), LevelOf(y, axis), xs.Length, ys.Length,
            Robust.Mean(xs) - Robust.Mean(ys), intervals ? Bootstrap.Percentile(xs, ys, (a, b) => Robust.Mean(a) - Robust.Mean(b)) : null,
            improvement(xs, ys), intervals ? Bootstrap.Percentile(xs, ys, improvement) : null,
            test, holm);
    }

    /// <summary>P(X &gt; Y) + ½ P(X = Y) for one draw of each, over every pair of values (sorted and merged: n·m pairs would not do for many seeds).</summary>
    public static double ProbabilityOfImprovement(double[] x, double[] y)
    {
        var (xs, ys) = (x.Order().ToArray(), y.Order().ToArray());
        var (below, upTo, wins) = (0, 0, 0.0);
        foreach (var a in xs)
        {
            while (below < ys.Length && ys[below] < a) below++;
            while (upTo < ys.Length && ys[upTo] <= a) upTo++;
            wins += below + 0.5 * (upTo - below);
        }

        return wins / (x.Length * (double)y.Length);
    }

    public static string LevelOf(GroupSummary group, Axis axis) => axis switch
    {
        Axis.Init => group.Init,
        Axis.Noise => group.Noise,
        Axis.Method => group.Method,
        _ => group.Dataset,
    };

    /// <summary>The other axes' levels, in the order dataset/method/init/noise.</summary>
    private static string FixedOf(GroupSummary group, Axis axis) =>
        string.Join('/', new[] { (Axis.Dataset, group.Dataset), (Axis.Method, group.Method), (Axis.Init, group.Init), (Axis.Noise, group.Noise) }
            .Where(a => a.Item1 != axis).Select(a => a.Item2));

    /// <summary>Each level's place in the sweep's grid: the order its trials first appear in.</summary>
    private static Dictionary<string, int> LevelOrder(SweepReport report, Axis axis)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in TrialRows.Of(report))
        {
            var level = axis switch { Axis.Init => row.Init, Axis.Noise => row.Noise, Axis.Method => row.Method, _ => row.Dataset };
            order.TryAdd(level, order.Count);
        }

        return order;
    }

    /// <summary>The axes along which the sweep has at least two levels, in <see cref="Axis"/>'s order.</summary>
    public static IEnumerable<Axis> Varying(SweepReport report) =>
        Enum.GetValues<Axis>().Where(axis => report.Groups.Select(g => LevelOf(g, axis)).Distinct().Count() > 1);
}

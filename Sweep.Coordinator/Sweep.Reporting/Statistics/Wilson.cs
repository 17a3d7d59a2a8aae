namespace Sweep.Reporting.Statistics;

/// <summary>
/// The Wilson score interval of a proportion (Wilson 1927; recommended over the normal interval by
/// Brown, Cai and DasGupta 2001 because it stays inside [0, 1] and covers well for few trials).
/// </summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    public static Interval Of(int successes, int trials, double z = Z95)
    {
        if (trials <= 0) throw new ArgumentOutOfRangeException(nameof(trials), trials, "a proportion needs at least one trial");
        var p = (double)successes / trials;
        var z2 = z * z;
        var centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
        var half = z / (1 + z2 / trials) * Math.Sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials));
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}

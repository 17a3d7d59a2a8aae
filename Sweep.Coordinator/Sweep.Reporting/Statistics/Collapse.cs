namespace Sweep.Reporting.Statistics;

/// <summary>
/// How often a group's seeds collapsed: the share that missed at least one mode, with its Wilson
/// 95% interval (<see cref="Wilson"/>), none with fewer than <see cref="SeedStatistics.FewestSeeds"/> seeds.
/// </summary>
public sealed record Collapse(int Collapsed, int Seeds, Interval? Ci)
{
    public double Rate => (double)Collapsed / Seeds;

    /// <param name="modes">Each completed seed's modes captured.</param>
    public static Collapse? Of(IReadOnlyList<int> modes, int? maxModes)
    {
        if (modes.Count == 0 || maxModes is not { } max) return null;
        var collapsed = modes.Count(m => m < max);
        return new Collapse(collapsed, modes.Count, modes.Count >= SeedStatistics.FewestSeeds ? Wilson.Of(collapsed, modes.Count) : null);
    }
}

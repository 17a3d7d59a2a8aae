using Sweep.Store;

namespace Sweep.Reporting;

/// <summary>A metric a group is summarised by over its seeds, and compared by along an axis.</summary>
public enum SeedMetric
{
    Modes,
    HighQuality,
    Kl,
    Ivom,
    ShellModes,
    ShellHighQuality,
}

public static class SeedMetrics
{
    /// <summary>What <c>--metric</c> accepts: the paper's metrics (hd1200's modes and HQ under VEEGAN's rule).</summary>
    public static readonly IReadOnlyDictionary<string, SeedMetric> ByOption = new Dictionary<string, SeedMetric>(StringComparer.Ordinal)
    {
        ["modes"] = SeedMetric.Modes, ["high_quality"] = SeedMetric.HighQuality, ["kl"] = SeedMetric.Kl, ["ivom"] = SeedMetric.Ivom,
    };

    public static string Name(this SeedMetric metric) => metric switch
    {
        SeedMetric.Modes => "modes",
        SeedMetric.HighQuality => "high_quality",
        SeedMetric.Kl => "kl",
        SeedMetric.Ivom => "ivom",
        SeedMetric.ShellModes => "shell_modes",
        SeedMetric.ShellHighQuality => "shell_high_quality",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    /// <summary>The metric of one trial's record; null where it has none.</summary>
    public static double? ValueOf(TrialRecord record, SeedMetric metric) => metric switch
    {
        SeedMetric.Modes => record.Modes,
        SeedMetric.HighQuality => record.HighQuality,
        SeedMetric.Kl => record.Kl,
        SeedMetric.Ivom => record.IvomMean,
        SeedMetric.ShellModes => record.ShellModes,
        _ => record.ShellHighQuality,
    };

    /// <summary>More modes and more high-quality samples are better; a lower KL and a lower IvOM error are.</summary>
    public static bool HigherIsBetter(this SeedMetric metric) => metric is not (SeedMetric.Kl or SeedMetric.Ivom);

    /// <summary>How a table shows the metric's values: high quality as a percentage.</summary>
    public static double Scale(this SeedMetric metric) => metric is SeedMetric.HighQuality or SeedMetric.ShellHighQuality ? 100 : 1;

    public static string Format(this SeedMetric metric) => metric switch
    {
        SeedMetric.Modes or SeedMetric.ShellModes => "F2",
        SeedMetric.HighQuality or SeedMetric.ShellHighQuality => "F1",
        SeedMetric.Kl => "F3",
        _ => "F4",
    };

    /// <summary>The column heading: "HQ %" for a percentage.</summary>
    public static string Heading(this SeedMetric metric) => metric switch
    {
        SeedMetric.HighQuality => "HQ %",
        SeedMetric.ShellHighQuality => "shell-rule HQ %",
        SeedMetric.ShellModes => "shell-rule modes",
        SeedMetric.Kl => "KL",
        SeedMetric.Ivom => "IvOM",
        _ => "modes",
    };
}

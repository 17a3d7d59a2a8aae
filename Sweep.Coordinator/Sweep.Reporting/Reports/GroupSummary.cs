using Sweep.Reporting.Statistics;

namespace Sweep.Reporting;

/// <summary>
/// The trials of a sweep that differ only by seed, and their metrics over seeds (modes and high
/// quality under the paper's rule; hd1200's also under the shell rule).
/// </summary>
/// <param name="TrialIds">The group's trials, in the sweep's order.</param>
public sealed record GroupSummary(
    string Dataset,
    string Method,
    string Init,
    string Noise,
    string Preset,
    int Iterations,
    int Trials,
    int Completed,
    int? MaxModes,
    MetricSummary? Modes,
    MetricSummary? HighQuality,
    MetricSummary? Kl,
    MetricSummary? Ivom,
    MetricSummary? ShellModes,
    MetricSummary? ShellHighQuality,
    IReadOnlyList<string> TrialIds)
{
    public string Label => $"{Method}/{Init}/{Noise}";

    /// <summary>The knobs the group's trials set beyond their preset (<see cref="Training.Specs.KnobsBeyondPreset"/>), e.g. "ali_encoder=noise-input".</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>What the group ran under: "veegan, 100000 it", then any knobs set beyond the preset.</summary>
    public string Protocol => string.Join(", ", [$"{Preset}, {Iterations} it", .. Settings]);

    /// <summary>The label, followed by the protocol where <paramref name="shown"/> holds another group of the same label, so no two read alike.</summary>
    public string LabelAmong(IEnumerable<GroupSummary> shown) => shown.Count(g => g.Label == Label) > 1 ? $"{Label} ({Protocol})" : Label;

    /// <summary>Each completed seed's value of each metric, in the sweep's order (empty where the metric does not apply).</summary>
    public IReadOnlyDictionary<SeedMetric, double[]> SeedValues { get; init; } = new Dictionary<SeedMetric, double[]>();

    /// <summary>How many seeds missed a mode; null where the dataset has no modes or nothing completed.</summary>
    public Collapse? Collapse { get; init; }

    /// <summary>The metric's mean, median and IQM over seeds with bootstrap intervals, in the metric's units; null without values.</summary>
    public SeedStatistics? Statistics(SeedMetric metric) =>
        SeedValues.GetValueOrDefault(metric) is { Length: > 0 } values ? SeedStatistics.Of(values) : null;

    /// <summary>The metrics this group has values of, in <see cref="SeedMetric"/>'s order.</summary>
    public IEnumerable<SeedMetric> Metrics => Enum.GetValues<SeedMetric>().Where(m => SeedValues.GetValueOrDefault(m) is { Length: > 0 });
}

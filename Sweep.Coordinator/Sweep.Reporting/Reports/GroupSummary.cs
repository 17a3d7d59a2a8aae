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
}

using System.Globalization;
using Sweep.Training.Running;

namespace Sweep.Reporting;

/// <summary>One completed trial's metrics in a log line or report: only what its dataset measures.</summary>
public static class MetricsText
{
    public static string Of(TrialMetrics trial)
    {
        var parts = new List<string>();
        if (trial.Modes is { } modes) parts.Add($"{modes}/{trial.MaxModes} modes");
        if (trial.HighQuality is { } hq) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{hq:P1} high quality"));
        if (trial.ShellModes is { } shellModes)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"shell rule {shellModes}/{trial.MaxModes} modes, {trial.ShellHighQuality:P1}"));
        if (trial.Kl is { } kl) parts.Add(string.Create(CultureInfo.InvariantCulture, $"KL {kl:F3}"));
        if (trial.IvomMean is { } ivom) parts.Add(string.Create(CultureInfo.InvariantCulture, $"IvOM {ivom:F4} ± {trial.IvomStd:F4}"));
        return parts.Count == 0 ? "no metrics" : string.Join(", ", parts);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Sweep.Reporting;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// The JSON that <c>sweep trial --json</c> prints (<see cref="PublicJson"/>): flat metrics first (modes
/// and high quality under the paper's rule; hd1200's shell-rule pair beside them), then the full spec.
/// </summary>
public sealed record TrialReport(
    int SchemaVersion,
    string TrialId,
    string Status,
    int? Modes,
    int? MaxModes,
    double? HighQuality,
    int? ShellModes,
    double? ShellHighQuality,
    double? Kl,
    double? IvomMean,
    double? IvomStd,
    int Iterations,
    int StartIteration,
    double Seconds,
    string Device,
    int? Categories,
    TrialFailure? Failure,
    JsonNode Spec)
{
    public static TrialReport From(TrialSpec spec, TrialResult result) => new(
        PublicJson.SchemaVersion,
        result.TrialId,
        JsonNamingPolicy.KebabCaseLower.ConvertName(result.Outcome.ToString()),
        result.Metrics?.Modes,
        result.Metrics?.MaxModes,
        result.Metrics?.HighQuality,
        result.Metrics?.ShellModes,
        result.Metrics?.ShellHighQuality,
        result.Metrics?.Kl,
        result.Metrics?.IvomMean,
        result.Metrics?.IvomStd,
        result.Iterations,
        result.StartIteration,
        Math.Round(result.Seconds, 3),
        result.Device,
        result.Categories,
        result.Failure,
        JsonNode.Parse(spec.CanonicalJson())!);

    public string ToJson() => JsonSerializer.Serialize(this, PublicJson.Options);
}

using System.Text.Json.Serialization;
using Sweep.Training.Tracing;

namespace Sweep.Training.Running;

public enum TrialOutcome { Completed, Failed, Cancelled }

/// <summary>
/// What a trial measured: modes and high quality on the synthetic datasets (under the paper's rule;
/// hd1200 also under the shell rule, <see cref="ShellModes"/>, <see cref="ShellHighQuality"/>);
/// modes and KL on Stacked MNIST; IvOM (pixel MSE on [0, 1]) on both image datasets. What a dataset
/// does not measure stays null.
/// </summary>
public sealed record TrialMetrics(
    int? Modes, int? MaxModes, double? HighQuality, double? Kl = null, double? IvomMean = null, double? IvomStd = null,
    int? ShellModes = null, double? ShellHighQuality = null);

/// <summary>Why a trial failed; <see cref="Retryable"/> is false for failures a rerun would repeat (e.g. NaN).</summary>
public sealed record TrialFailure(string Reason, bool Retryable, int? Iteration = null, string? Loss = null);

/// <param name="Trace">The curves and snapshots for pictures; never serialised with the result (it
/// can outgrow one remote frame), so nodes send it on its own, in pieces.</param>
public sealed record TrialResult(
    string TrialId,
    TrialOutcome Outcome,
    TrialMetrics? Metrics,
    int Iterations,
    int StartIteration,
    double Seconds,
    string Device,
    int? Categories,
    TrialFailure? Failure,
    [property: JsonIgnore] TrialTrace? Trace = null);

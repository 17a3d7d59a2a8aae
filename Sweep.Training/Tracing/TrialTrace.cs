using Sweep.Training.Running;

namespace Sweep.Training.Tracing;

/// <summary>
/// What a trial records for its pictures: loss and evaluation curves, and snapshots of the game at
/// initialisation (after covering init, if any) and at the end. Small (tens of kilobytes) and free
/// of tensors, so it travels in messages and is stored beside the trial's record.
/// </summary>
/// <param name="Losses">Mean losses over windows of iterations, in order.</param>
/// <param name="Evaluations">Scores at a few iterations, the first at iteration 0.</param>
public sealed record TrialTrace(
    IReadOnlyList<LossPoint> Losses,
    IReadOnlyList<EvaluationPoint> Evaluations,
    TrialSnapshot? Initial,
    TrialSnapshot? Final)
{
    public static TrialTrace Empty { get; } = new([], [], null, null);
}

/// <summary>Mean losses over the iterations since the previous point, up to <paramref name="Iteration"/>.</summary>
public sealed record LossPoint(int Iteration, double Discriminator, double Generator);

/// <summary>The trial's scores at <paramref name="Iteration"/> (see <see cref="Scoring.ITrialEvaluator.EvaluateProgress"/>).</summary>
public sealed record EvaluationPoint(int Iteration, TrialMetrics Metrics);

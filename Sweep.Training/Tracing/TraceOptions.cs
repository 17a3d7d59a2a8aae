namespace Sweep.Training.Tracing;

/// <summary>How much of a trial's course its trace keeps. Not part of the trial's spec: tracing draws from streams of its own and never changes a result.</summary>
/// <param name="EvaluationPoints">Scores taken during training, evenly spaced, the last at the end (plus one at iteration 0).</param>
/// <param name="LossPoints">About this many loss points over the whole budget.</param>
public sealed record TraceOptions(int EvaluationPoints = 10, int LossPoints = 200)
{
    public static TraceOptions Default { get; } = new();
}

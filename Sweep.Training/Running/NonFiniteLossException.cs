namespace Sweep.Training.Running;

/// <summary>A loss became NaN or infinite; rerunning the same seed would do the same, so not retryable.</summary>
public sealed class NonFiniteLossException(int iteration, string loss, double value)
    : Exception($"{loss} loss became {value} at iteration {iteration}")
{
    public int Iteration { get; } = iteration;
    public string Loss { get; } = loss;
}

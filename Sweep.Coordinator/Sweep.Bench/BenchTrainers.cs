using Sweep.Cluster.Trials;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Bench;

/// <summary>
/// Trainers that stand in for training when the orchestration itself is measured: one that
/// returns at once, one that holds its slot for a fixed time. Their metrics are made up
/// (modes = seed mod 9) and say nothing about GANs.
/// </summary>
public sealed class FixedDurationTrainer(TimeSpan duration) : ITrialTrainer
{
    public static FixedDurationTrainer NoOp { get; } = new(TimeSpan.Zero);

    public TrialResult Train(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation)
    {
        if (duration > TimeSpan.Zero && cancellation.WaitHandle.WaitOne(duration))
            return new TrialResult(spec.TrialId, TrialOutcome.Cancelled, null, 0, 0, 0, "none", null, null);
        return new TrialResult(spec.TrialId, TrialOutcome.Completed, new TrialMetrics(spec.Seed % 9, 8, 0.5),
            spec.Iterations, 0, duration.TotalSeconds, "none", null, null);
    }
}

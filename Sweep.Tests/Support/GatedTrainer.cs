using System.Collections.Concurrent;
using Sweep.Cluster.Trials;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Tests.Support;

/// <summary>
/// A trainer without tensors whose trials run until the test releases them, by seed: each reports
/// one iteration of progress, then waits; released, it completes (modes = seed), or fails as a NaN
/// would for <see cref="FailingSeed"/>. Wraps <paramref name="inner"/> to train for real once released.
/// </summary>
public sealed class GatedTrainer(ITrialTrainer? inner = null) : ITrialTrainer
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _gates = new();

    public int? FailingSeed { get; init; }

    public ConcurrentDictionary<string, int> Started { get; } = new();

    public void Release(int seed) => Gate(seed).TrySetResult();

    public TrialResult Train(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation)
    {
        Started[spec.TrialId] = spec.Seed;
        options.Progress?.Report(new TrialProgress(spec.TrialId, 1, spec.Iterations, 0.69, 0.7, TimeSpan.Zero));
        try
        {
            Gate(spec.Seed).Task.Wait(cancellation);
        }
        catch (OperationCanceledException)
        {
            return new TrialResult(spec.TrialId, TrialOutcome.Cancelled, null, 1, 0, 0, "none", null, null);
        }

        if (inner is not null) return inner.Train(spec, options, cancellation);
        return spec.Seed == FailingSeed
            ? new TrialResult(spec.TrialId, TrialOutcome.Failed, null, 1, 0, 0.1, "none", null, new TrialFailure("generator loss is NaN", false, 1, "g"))
            : new TrialResult(spec.TrialId, TrialOutcome.Completed, new TrialMetrics(spec.Seed, 8, 0.5), spec.Iterations, 0, 0.1, "none", null, null);
    }

    private TaskCompletionSource Gate(int seed) => _gates.GetOrAdd(seed, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

using System.Collections.Concurrent;
using Sweep.Cluster.Trials;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Tests.Support;

/// <summary>
/// A trainer without tensors that behaves like <see cref="TrialRunner"/> towards the actors: one
/// "iteration" per <paramref name="step"/>, progress, periodic checkpoints, a checkpoint when
/// cancelled, and resumption from the latest checkpoint. It counts calls and concurrent runs.
/// </summary>
public sealed class SteppingTrainer(TimeSpan step) : ITrialTrainer
{
    private int _running;
    private int _maxRunning;

    public ConcurrentDictionary<string, int> Calls { get; } = new();
    public ConcurrentDictionary<string, int> StartIterations { get; } = new();
    public int MaxRunning => _maxRunning;

    public TrialResult Train(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation)
    {
        Calls.AddOrUpdate(spec.TrialId, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, now);
        try
        {
            var start = options.Checkpoints?.Latest(spec.TrialId)?.Iteration ?? 0;
            StartIterations[spec.TrialId] = start;
            var checkpointClock = options.Checkpointing?.Start(start);
            for (var iteration = start; iteration < spec.Iterations;)
            {
                if (cancellation.IsCancellationRequested)
                {
                    options.Checkpoints?.Save(new TrialCheckpoint(spec.TrialId, iteration, BitConverter.GetBytes(iteration)));
                    return new TrialResult(spec.TrialId, TrialOutcome.Cancelled, null, iteration, start, 0, "none", null, null);
                }

                Thread.Sleep(step);
                iteration++;
                options.Progress?.Report(new TrialProgress(spec.TrialId, iteration, spec.Iterations, 0.69, 0.69, TimeSpan.Zero));
                if (checkpointClock?.Due(iteration) == true)
                    options.Checkpoints?.Save(new TrialCheckpoint(spec.TrialId, iteration, BitConverter.GetBytes(iteration)));
            }

            return new TrialResult(spec.TrialId, TrialOutcome.Completed, new TrialMetrics(spec.Seed % 9, 8, 0.5), spec.Iterations, start, 0.1, "none", null, null);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = target; value > seen; seen = target)
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }
}

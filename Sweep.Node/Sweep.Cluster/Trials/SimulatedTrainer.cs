using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Cluster.Trials;

/// <summary>
/// Stands in for training when the cluster itself is exercised (<c>sweep-node --simulate</c>, the
/// end-to-end tests, the cluster benchmarks): a trial takes <paramref name="duration"/> of wall
/// time spread over its iterations, reports progress, checkpoints like the real trainer (at its
/// cadence and when cancelled, <paramref name="checkpointBytes"/> long, so the
/// chunked transfer is exercised) and resumes from the checkpoint it is given. Its metrics are
/// made up (modes = seed mod 9) and say nothing about GANs.
/// </summary>
public sealed class SimulatedTrainer(TimeSpan duration, int checkpointBytes = 256 * 1024) : ITrialTrainer
{
    public TrialResult Train(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation)
    {
        var total = spec.Iterations;
        var start = options.Checkpoints?.Latest(spec.TrialId) is { } resumed ? ReadIteration(resumed.State) : 0;
        var perIteration = duration / Math.Max(1, total);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var iteration = start;
        var checkpointClock = options.Checkpointing?.Start(start);
        while (iteration < total)
        {
            var due = perIteration == TimeSpan.Zero ? total : (int)Math.Min(total, start + clock.Elapsed / perIteration);
            for (; iteration < due; iteration++)
            {
                var done = iteration + 1;
                if (options.ProgressEvery > 0 && done % options.ProgressEvery == 0)
                    options.Progress?.Report(new TrialProgress(spec.TrialId, done, total, 0.69, 0.69, clock.Elapsed));
                if (checkpointClock?.Due(done) == true && done < total)
                    options.Checkpoints?.Save(Checkpoint(spec.TrialId, done));
            }

            if (iteration >= total) break;
            if (cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(10)))
            {
                options.Checkpoints?.Save(Checkpoint(spec.TrialId, iteration));
                return new TrialResult(spec.TrialId, TrialOutcome.Cancelled, null, iteration, start, clock.Elapsed.TotalSeconds, "simulated", null, null);
            }
        }

        return new TrialResult(spec.TrialId, TrialOutcome.Completed, new TrialMetrics(spec.Seed % 9, 8, 0.5),
            total, start, clock.Elapsed.TotalSeconds, "simulated", null, null);
    }

    /// <summary>The iteration, then filler derived from it, so a damaged transfer shows as a wrong iteration or a failed check.</summary>
    private TrialCheckpoint Checkpoint(string trialId, int iteration)
    {
        var bytes = new byte[Math.Max(4, checkpointBytes)];
        BitConverter.TryWriteBytes(bytes, iteration);
        for (var i = 4; i < bytes.Length; i++) bytes[i] = (byte)(i * 31 + iteration);
        return new TrialCheckpoint(trialId, iteration, bytes);
    }

    private static int ReadIteration(byte[] state)
    {
        var iteration = BitConverter.ToInt32(state, 0);
        for (var i = 4; i < state.Length; i++)
            if (state[i] != (byte)(i * 31 + iteration))
                throw new InvalidDataException($"simulated checkpoint damaged at byte {i} of {state.Length}");
        return iteration;
    }
}

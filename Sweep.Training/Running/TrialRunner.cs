using System.Diagnostics;
using Sweep.Training.Methods;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;
using static TorchSharp.torch;

namespace Sweep.Training.Running;

/// <summary>
/// Runs one trial: a <see cref="TrialSession"/> from the spec, covering init (unless resuming),
/// the training loop with progress, checkpoints, cancellation and the trace for pictures, then
/// the final evaluation.
/// Deterministic on CPU for a given seed and thread count, across checkpoint/restore too.
/// Blocks until the trial ends: call it on the thread that should own the trial's tensors.
/// </summary>
public static class TrialRunner
{
    public static TrialResult Run(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation)
    {
        // The setting belongs to the thread: the caller's is given back, whatever the trial did.
        var flushedBefore = DenormalFlushing.IsOn;
        DenormalFlushing.Set(options.FlushDenormals);
        try
        {
            return RunOnThisThread(spec, options, cancellation);
        }
        finally
        {
            DenormalFlushing.Set(flushedBefore);
        }
    }

    private static TrialResult RunOnThisThread(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var trialId = spec.TrialId;
        var iteration = 0;
        var startIteration = 0;
        int? categories = null;
        TraceRecorder? trace = null;

        TrialResult Result(TrialOutcome outcome, TrialMetrics? metrics, TrialFailure? failure, TrialTrace? traced = null) =>
            new(trialId, outcome, metrics, iteration, startIteration, clock.Elapsed.TotalSeconds, options.Device, categories, failure, traced);

        // Refused before any allocation: libtorch would fail deep inside, or the kernel kill the node.
        var memory = TrialMemory.Of(spec);
        if (memory.Bytes > options.MemoryAvailable)
            return Result(TrialOutcome.Failed, null, new TrialFailure(
                $"needs about {memory}; this node has {TrialMemory.Gib(options.MemoryAvailable)}", Retryable: false));

        using var scope = NewDisposeScope();
        try
        {
            using var session = new TrialSession(spec, options.Data, new Device(options.Device));
            categories = session.Categories;

            var checkpoint = options.Checkpoints?.Latest(trialId);
            if (checkpoint is not null)
            {
                (iteration, var resumed) = session.Restore(checkpoint.State);
                startIteration = iteration;
                if (options.Trace is not null) trace = new TraceRecorder(session, options.Trace, resumed);
            }
            else
            {
                if (spec.Init == InitKind.Covering) session.ApplyCoveringInit(cancellation);
                if (options.Trace is not null) (trace = new TraceRecorder(session, options.Trace, null)).Begin();
            }

            var checkpointClock = options.Checkpointing?.Start(iteration);
            while (iteration < spec.Iterations)
            {
                if (cancellation.IsCancellationRequested)
                {
                    SaveCheckpoint(options, session, iteration, trace);
                    return Result(TrialOutcome.Cancelled, null, null);
                }

                var losses = session.Step();
                iteration++;
                ThrowIfNotFinite(losses, iteration);
                trace?.Record(iteration, losses);

                if (options.Progress is not null && (iteration % options.ProgressEvery == 0 || iteration == spec.Iterations))
                    options.Progress.Report(new TrialProgress(trialId, iteration, spec.Iterations, losses.Discriminator, losses.Generator, clock.Elapsed));
                if (checkpointClock?.Due(iteration) == true && iteration < spec.Iterations)
                    SaveCheckpoint(options, session, iteration, trace);
            }

            var metrics = session.Evaluate();
            return Result(TrialOutcome.Completed, metrics, null, trace?.Finish(iteration, metrics));
        }
        catch (NonFiniteLossException e)
        {
            // The curves up to the blow-up are worth seeing.
            return Result(TrialOutcome.Failed, null, new TrialFailure(e.Message, Retryable: false, e.Iteration, e.Loss), trace?.Current);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Cancelled during covering init: nothing worth keeping yet.
            return Result(TrialOutcome.Cancelled, null, null);
        }
    }

    private static void ThrowIfNotFinite(IterationLosses losses, int iteration)
    {
        if (!double.IsFinite(losses.Discriminator))
            throw new NonFiniteLossException(iteration, "discriminator", losses.Discriminator);
        if (!double.IsFinite(losses.Generator))
            throw new NonFiniteLossException(iteration, "generator", losses.Generator);
    }

    private static void SaveCheckpoint(TrialRunOptions options, TrialSession session, int iteration, TraceRecorder? trace) =>
        options.Checkpoints?.Save(new TrialCheckpoint(session.Spec.TrialId, iteration, session.Checkpoint(iteration, trace?.Current)));
}

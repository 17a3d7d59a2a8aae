using System.Diagnostics;
using Sweep.Training.Methods;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Running;

/// <summary>
/// Runs one trial: a <see cref="TrialSession"/> from the spec, covering init (unless resuming),
/// the training loop with progress, checkpoints and cancellation, then the final evaluation.
/// Deterministic on CPU for a given seed and thread count, across checkpoint/restore too.
/// Blocks until the trial ends: call it on the thread that should own the trial's tensors.
/// </summary>
public static class TrialRunner
{
    public static TrialResult Run(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var trialId = spec.TrialId;
        var iteration = 0;
        var startIteration = 0;
        int? categories = null;

        TrialResult Result(TrialOutcome outcome, TrialMetrics? metrics, TrialFailure? failure) =>
            new(trialId, outcome, metrics, iteration, startIteration, clock.Elapsed.TotalSeconds, "cpu", categories, failure);

        using var scope = NewDisposeScope();
        try
        {
            using var session = new TrialSession(spec, options.Data);
            categories = session.Categories;

            var checkpoint = options.Checkpoints?.Latest(trialId);
            if (checkpoint is not null)
                iteration = startIteration = session.Restore(checkpoint.State);
            else if (spec.Init == InitKind.Covering)
                session.ApplyCoveringInit(cancellation);

            while (iteration < spec.Iterations)
            {
                if (cancellation.IsCancellationRequested)
                {
                    SaveCheckpoint(options, session, iteration);
                    return Result(TrialOutcome.Cancelled, null, null);
                }

                var losses = session.Step();
                iteration++;
                ThrowIfNotFinite(losses, iteration);

                if (options.Progress is not null && (iteration % options.ProgressEvery == 0 || iteration == spec.Iterations))
                    options.Progress.Report(new TrialProgress(trialId, iteration, spec.Iterations, losses.Discriminator, losses.Generator, clock.Elapsed));
                if (options.CheckpointEvery > 0 && iteration % options.CheckpointEvery == 0 && iteration < spec.Iterations)
                    SaveCheckpoint(options, session, iteration);
            }

            return Result(TrialOutcome.Completed, session.Evaluate(), null);
        }
        catch (NonFiniteLossException e)
        {
            return Result(TrialOutcome.Failed, null, new TrialFailure(e.Message, Retryable: false, e.Iteration, e.Loss));
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

    private static void SaveCheckpoint(TrialRunOptions options, TrialSession session, int iteration) =>
        options.Checkpoints?.Save(new TrialCheckpoint(session.Spec.TrialId, iteration, session.Checkpoint(iteration)));
}

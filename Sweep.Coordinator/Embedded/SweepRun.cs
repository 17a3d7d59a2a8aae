using System.Threading.Channels;
using Akka.Actor;
using Sweep.Coordinator.Coordination;
using Sweep.Coordinator.Store;

namespace Sweep.Coordinator.Embedded;

public enum RunEnd { Finished, Refused, Interrupted, Faulted }

/// <summary>How an embedded run ended; <see cref="Message"/> says why when it did not finish.</summary>
public sealed record RunOutcome(RunEnd End, string? Message = null, int Interrupted = 0);

/// <summary>
/// Runs one sweep in a one-process cluster until it finishes, is refused, or is cancelled
/// (Ctrl-C, SIGTERM): then running trials checkpoint and the store is left consistent.
/// </summary>
public static class SweepRun
{
    /// <summary>How long running trials get to checkpoint after a cancel before the cluster stops anyway.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    public static async Task<RunOutcome> RunAsync(SweepStore store, EmbeddedOptions options, SubmitSweep submit, ISweepView view, CancellationToken cancellation)
    {
        var events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        await using var cluster = await EmbeddedCluster.StartAsync(store, options);
        var observer = cluster.System.ActorOf(SweepObserver.Props(cluster.Coordinator, submit, events.Writer), "observer");

        using var giveUp = new CancellationTokenSource();
        await using var drain = cancellation.Register(() =>
        {
            cluster.Coordinator.Tell(new Drain(), observer);
            giveUp.CancelAfter(DrainTimeout);
        });

        string? name = null;
        try
        {
            await foreach (var message in events.Reader.ReadAllAsync(giveUp.Token))
            {
                switch (message)
                {
                    case SweepRefused refused:
                        return new RunOutcome(RunEnd.Refused, refused.Reason);
                    case SweepAccepted accepted:
                        name = accepted.Name;
                        view.Accepted(accepted);
                        break;
                    case TrialChanged change:
                        view.Changed(change);
                        break;
                    case TrialProgressed progress:
                        view.Progressed(progress);
                        break;
                    case SweepFinished finished when finished.Name == name:
                        return new RunOutcome(RunEnd.Finished);
                    case Drained drained:
                        return new RunOutcome(RunEnd.Interrupted, Interrupted: drained.Interrupted);
                    case CoordinatorFaulted faulted:
                        return new RunOutcome(RunEnd.Faulted, faulted.Reason);
                }
            }
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            return new RunOutcome(RunEnd.Interrupted, $"running trials did not stop within {DrainTimeout.TotalSeconds:0} s; they resume from their last periodic checkpoint");
        }

        throw new InvalidOperationException("the sweep's event stream ended unexpectedly");
    }
}

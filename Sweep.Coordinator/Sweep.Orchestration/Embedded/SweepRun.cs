using System.Threading.Channels;
using Akka.Actor;
using Sweep.Orchestration.Coordination;
using Sweep.Reporting;
using Sweep.Store;

namespace Sweep.Orchestration.Embedded;

public enum RunEnd { Finished, Refused, Interrupted, Detached, Faulted }

/// <summary>What a cancel (Ctrl-C, SIGTERM) does to a followed sweep.</summary>
public enum OnCancel
{
    /// <summary>Stop the sweep: running trials checkpoint and become pending (the embedded run owns the cluster).</summary>
    Drain,

    /// <summary>Stop following; the sweep runs on (a client of a cluster).</summary>
    Detach,
}

/// <summary>How a run ended; <see cref="Message"/> says why when it did not finish, <see cref="Summary"/> is the result when it did.</summary>
public sealed record RunOutcome(RunEnd End, string? Message = null, int Interrupted = 0, SweepSummary? Summary = null);

/// <summary>Submits a sweep to a coordinator and follows it until it finishes, is refused, or is cancelled.</summary>
public static class SweepRun
{
    /// <summary>How long running trials get to checkpoint after a cancel before the cluster stops anyway.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan SummaryTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the sweep in a one-process cluster; a cancel drains it, leaving the store consistent.</summary>
    public static async Task<RunOutcome> RunAsync(SweepStore store, EmbeddedOptions options, SubmitSweep submit, ISweepView view, CancellationToken cancellation)
    {
        await using var cluster = await EmbeddedCluster.StartAsync(store, options);
        await using var attached = options.Attach is null ? null : await options.Attach(cluster.System, cluster.Coordinator);
        return await FollowAsync(cluster.System, cluster.Coordinator, submit, view, OnCancel.Drain, cancellation);
    }

    /// <param name="coordinator">The coordinator singleton's proxy in <paramref name="system"/>.</param>
    public static async Task<RunOutcome> FollowAsync(
        ActorSystem system, IActorRef coordinator, SubmitSweep submit, ISweepView view, OnCancel onCancel, CancellationToken cancellation)
    {
        var events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var observer = SweepObserving.Start(system, coordinator, submit, events.Writer, "observer");

        using var giveUp = new CancellationTokenSource();
        await using var cancel = cancellation.Register(() =>
        {
            if (onCancel == OnCancel.Detach)
            {
                giveUp.Cancel();
                return;
            }

            coordinator.Tell(new Drain(), observer);
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
                    case SweepTrialsListed listed when listed.Name == name:
                        view.Listed(listed);
                        break;
                    case TrialChanged change:
                        view.Changed(change);
                        break;
                    case TrialProgressed progress:
                        view.Progressed(progress);
                        break;
                    case SweepFinished finished when finished.Name == name:
                        return await Finished(coordinator, name);
                    case Drained drained:
                        return new RunOutcome(RunEnd.Interrupted, Interrupted: drained.Interrupted);
                    case CoordinatorFaulted faulted:
                        return new RunOutcome(RunEnd.Faulted, faulted.Reason);
                    case ObserverSystemEnded:
                        // A client removed from the cluster (its coordinator died, or a partition) would otherwise wait forever.
                        return new RunOutcome(RunEnd.Faulted, "this process left the cluster (was the coordinator stopped or unreachable?)");
                }
            }
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            return onCancel == OnCancel.Detach
                ? new RunOutcome(RunEnd.Detached)
                : new RunOutcome(RunEnd.Interrupted, $"running trials did not stop within {DrainTimeout.TotalSeconds:0} s; they resume from their last periodic checkpoint");
        }

        throw new InvalidOperationException("the sweep's event stream ended unexpectedly");
    }

    private static async Task<RunOutcome> Finished(IActorRef coordinator, string name) =>
        await coordinator.Ask<object>(new SummarizeSweep(name), SummaryTimeout) switch
        {
            SweepSummarized summarized => new RunOutcome(RunEnd.Finished, Summary: summarized.Summary),
            SweepRefused refused => new RunOutcome(RunEnd.Faulted, refused.Reason),
            var other => throw new InvalidOperationException($"unexpected answer {other.GetType().Name}"),
        };
}

using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Serilog;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Cluster.Hosting;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// A client of a running cluster (<c>sweep run FILE --cluster</c>, <c>sweep submit FILE --to</c>):
/// it joins as a member without slots (role <c>client</c>), hands the sweep to the coordinator,
/// and either follows it to its table or returns once it is accepted. Ctrl-C only stops following.
/// </summary>
public static class ClusterSweep
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long <c>submit</c> waits for the admission's answer once joined: a sweep of 100 000 trials
    /// takes 20 s to admit on a quick machine and over 30 s on a slow, busy one, so joining, not
    /// answering, is what tells an absent coordinator.
    /// </summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(5);

    public sealed record Request(string Path, string Yaml, bool Extend, ClusterOptions Cluster, bool Follow);

    public static async Task<int> RunAsync(Request request, CancellationToken cancellation)
    {
        using var log = SweepLogging.CreateLogger();
        Log.Logger = log;
        var seeds = string.Join(",", request.Cluster.Seeds);
        await using var member = await ClusterMember.StartAsync(request.Cluster, [ClusterConfig.ClientRole], actors: akka => akka.WithCoordinatorProxy());
        var system = member.System;
        if (!await ClusterJoin.TryJoinSeedsAsync(system, request.Cluster.Seeds, JoinTimeout, cancellation))
            throw new UsageException($"no coordinator answered at {seeds} within {JoinTimeout.TotalSeconds:0} s; is 'sweep coordinator' running there (and do TLS settings match)?");
        var coordinator = member.Registry.Get<CoordinatorKey>();
        var submit = new SubmitSweep(request.Yaml, request.Path, request.Extend);
        if (!request.Follow) return await SubmitOnly(system, coordinator, submit, seeds);

        var outcome = await SweepConsole.ShowAsync(log, view => SweepRun.FollowAsync(system, coordinator, submit, view, OnCancel.Detach, cancellation));
        return SweepConsole.Conclude(outcome, $"sweep run {request.Path} --cluster {seeds}",
            "sweep export NAME --db PATH on the coordinator's database (after the coordinator stops)",
            "sweep report NAME --db PATH, likewise");
    }

    private static async Task<int> SubmitOnly(ActorSystem system, IActorRef coordinator, SubmitSweep submit, string seeds)
    {
        var events = Channel.CreateUnbounded<object>();
        SweepObserving.Start(system, coordinator, submit, events.Writer, "submitter");
        using var patience = new CancellationTokenSource(AnswerTimeout);
        await using var stillWaiting = new Timer(
            _ => Console.Error.WriteLine($"sweep: the coordinator at {seeds} is still admitting the sweep (a large one takes a while); waiting up to {AnswerTimeout.TotalMinutes:0} min in all."),
            null, JoinTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await foreach (var message in events.Reader.ReadAllAsync(patience.Token))
            {
                switch (message)
                {
                    case SweepRefused refused:
                        throw new UsageException(refused.Reason);
                    case CoordinatorFaulted faulted:
                        Console.Error.WriteLine($"sweep: {faulted.Reason}");
                        return ExitCodes.Failed;
                    case ObserverSystemEnded:
                        // A member the cluster downs (a certificate whose role may not submit, or a coordinator gone)
                        // shuts its system down: waiting out the patience would only hide why.
                        Console.Error.WriteLine($"sweep: this process left the cluster at {seeds} before the coordinator answered (was it downed, or the coordinator stopped?); the log above says why");
                        return ExitCodes.Failed;
                    case SweepAccepted accepted:
                        Console.Out.WriteLine($"sweep {accepted.Name} accepted: {accepted.Total} trials, {accepted.Unfinished} to run ({accepted.FromCheckpoint} from checkpoints).");
                        Console.Out.WriteLine($"Follow it with: sweep run {submit.Source} --cluster {seeds}");
                        return ExitCodes.Ok;
                }
            }
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            throw new UsageException($"the coordinator at {seeds} did not answer within {AnswerTimeout.TotalMinutes:0} min.");
        }

        throw new InvalidOperationException("the coordinator's answers ended unexpectedly");
    }
}

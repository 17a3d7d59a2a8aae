using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Serilog;
using Sweep.Cluster.Trials;

namespace Sweep.Cluster.Hosting;

/// <summary>What a worker process runs with.</summary>
public sealed record WorkerOptions
{
    public required ClusterOptions Cluster { get; init; }
    public required IReadOnlyList<string> SlotDevices { get; init; }
    public required ITrialTrainer Trainer { get; init; }
    public TrialEntitySettings Entity { get; init; } = new();
    public string LogLevel { get; init; } = "WARNING";

    /// <summary>For benchmarks: ping the coordinator this often and log each round trip (<see cref="CoordinatorProbe"/>).</summary>
    public TimeSpan? ProbeCoordinatorEvery { get; init; }
}

/// <summary>
/// Keeps a worker in the cluster for as long as the process runs. It joins through the seeds,
/// retrying with a growing pause (and saying so) while no coordinator answers; when the cluster
/// removes this member (downed after a partition, or the coordinator gone) it starts a fresh
/// member and joins again, since a removed member can never rejoin under its old identity.
/// </summary>
public static class WorkerHost
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    /// <summary>Runs until <paramref name="stop"/> (SIGTERM, Ctrl-C), then hands its trials back and leaves.</summary>
    public static async Task RunAsync(WorkerOptions options, CancellationToken stop)
    {
        var pause = FirstPause;
        for (var attempt = 1; !stop.IsCancellationRequested; attempt++)
        {
            // The node's actors start with the member; the agent registers its slots once the member is up.
            var member = await ClusterMember.StartAsync(options.Cluster, [TrialNode.TrainerRole], options.LogLevel,
                akka => akka.WithCoordinatorProxy().WithTrialNode(options.SlotDevices, options.Trainer, options.Entity).WithActors((system, registry) =>
                {
                    if (options.ProbeCoordinatorEvery is { } every)
                        system.ActorOf(CoordinatorProbe.Props(registry.Get<CoordinatorKey>(), every), "coordinator-probe");
                })).ConfigureAwait(false);
            var system = member.System;
            var seeds = string.Join(", ", options.Cluster.Seeds);
            if (!await ClusterJoin.TryJoinSeedsAsync(system, options.Cluster.Seeds, JoinTimeout, stop).ConfigureAwait(false))
            {
                await member.DisposeAsync().ConfigureAwait(false);
                Log.Warning("No coordinator answered at {Seeds} (attempt {Attempt}); trying again in {Pause:0} s", seeds, attempt, pause.TotalSeconds);
                await Pause(pause, stop).ConfigureAwait(false);
                pause = Longer(pause);
                continue;
            }

            var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
            Log.Information("Joined the cluster through {Seeds} as {Address} with {Slots} slot(s)", seeds, self, options.SlotDevices.Count);
            pause = FirstPause;
            attempt = 0;

            var stopped = Task.Delay(Timeout.Infinite, stop);
            if (await Task.WhenAny(system.WhenTerminated, stopped).ConfigureAwait(false) == stopped)
            {
                Log.Information("Stopping: running trials checkpoint and go back to the coordinator");
                await member.DisposeAsync().ConfigureAwait(false);
                return;
            }

            Log.Warning("This member was removed from the cluster ({Reason}); joining again as a new member in {Pause:0} s",
                CoordinatedShutdown.Get(system).ShutdownReason?.GetType().Name ?? "terminated", pause.TotalSeconds);
            await member.DisposeAsync().ConfigureAwait(false);
            await Pause(pause, stop).ConfigureAwait(false);
        }
    }

    private static TimeSpan Longer(TimeSpan pause) => pause * 2 < LongestPause ? pause * 2 : LongestPause;

    private static async Task Pause(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping while waiting to join: nothing to hand back.
        }
    }
}

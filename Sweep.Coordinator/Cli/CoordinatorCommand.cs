using System.CommandLine;
using Sweep.Store;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Serilog;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Cluster.Hosting;
using Sweep.Web;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// <c>sweep coordinator</c>: the cluster's coordinator process. It holds the database, starts the
/// cluster (or joins <c>--seed</c>), carries on with every unfinished sweep it holds, and takes new
/// ones from <c>sweep run FILE --cluster</c> or <c>sweep submit</c>. SIGTERM drains: running trials
/// checkpoint and are pending again for the next start.
/// </summary>
public static class CoordinatorCommand
{
    public const string DefaultBind = "127.0.0.1:4053";
    public const string DefaultHttp = "127.0.0.1:8080";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    public static Command Create()
    {
        var cluster = new ClusterCommandOptions(DefaultBind);
        var database = new Option<string>("--db") { Description = $"The sweep database (default ./{DatabaseOption.Default}); held by this process while it runs." };
        var http = HttpOption.Create(DefaultHttp, "");
        var command = new Command("coordinator", "Run the cluster's coordinator: it holds the database and dispatches trials to the workers' slots.") { database, http };
        foreach (var option in cluster.All) command.Add(option);

        command.SetAction(async (parse, stop) =>
        {
            var settings = cluster.Settings(parse);
            using var log = SweepLogging.CreateLogger();
            Log.Logger = log;
            var options = cluster.Resolve(settings);
            var serve = HttpOption.Resolve(settings.String(http), DefaultHttp, options.Tls is { } tls && settings.String(cluster.Cert) is not null ? tls : null);
            ClusterMember.RequireFreeBind(options);   // before the database is created or opened
            using var store = SweepStore.Open(settings.String(database) ?? DatabaseOption.Default);

            var metrics = new SweepMetrics();
            var coordinatorSettings = new CoordinatorSettings
            {
                ResumeStoredSweeps = true,
                // Lost nodes are the failure detector's and the split brain resolver's to find; this catches hung trials.
                HeartbeatTimeout = options.Timing.UntilDowned + TimeSpan.FromSeconds(15),
                Observer = metrics,
            };
            await using var member = await ClusterMember.StartAsync(options, [ClusterConfig.CoordinatorRole], "INFO",
                akka => akka.WithCoordinatorProxy().WithTrialRegionProxy().WithCoordinator(store, coordinatorSettings));
            var system = member.System;
            if (options.Seeds.Count == 0)
                await ClusterJoin.JoinAsync(system, Akka.Cluster.Cluster.Get(system).SelfAddress, TimeSpan.FromSeconds(30));
            else if (!await ClusterJoin.TryJoinSeedsAsync(system, options.Seeds, TimeSpan.FromSeconds(30), stop))
                throw new UsageException($"{cluster.Seed.Name}: no member answered at {string.Join(", ", options.Seeds)} within 30 s.");

            var coordinator = member.Registry.Get<CoordinatorKey>();
            var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
            log.Information("Coordinator up at {Address}; database {Database}", self, store.Path);
            log.Information("Workers join with: sweep-node --seed {Host}:{Port} --slots N; sweeps start with: sweep run FILE --cluster {Host}:{Port}",
                self.Host, self.Port, self.Host, self.Port);

            await using var dashboard = await ServedDashboard.StartAsync(serve, system, coordinator, metrics, store.Path, log);
            var fault = await LogChangesUntil(system, coordinator, new SweepLogView(log), stop);
            if (fault is not null)
            {
                // A supervisor (systemd, Kubernetes) restarts the process on the database; running silently would not.
                log.Fatal("The coordinator stopped scheduling: {Reason}. Exiting so that it is restarted", fault.Reason);
                return ExitCodes.Failed;
            }

            if (stop.IsCancellationRequested)
            {
                log.Information("Stopping: running trials checkpoint and wait as pending for the next start");
                var drained = await coordinator.Ask<Drained>(new Drain(), DrainTimeout, CancellationToken.None);
                log.Information("{Count} running trial(s) checkpointed", drained.Interrupted);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One log line per trial state change, until <paramref name="stop"/>, the system ends or the coordinator faults (returned).</summary>
    private static async Task<CoordinatorFaulted?> LogChangesUntil(ActorSystem system, IActorRef coordinator, SweepLogView view, CancellationToken stop)
    {
        var events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        SweepObserving.Start(system, coordinator, submit: null, events.Writer, "log-view");
        var logging = Task.Run(async () =>
        {
            await foreach (var message in events.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (message is SweepAccepted accepted) view.Accepted(accepted);
                else if (message is TrialChanged change) view.Changed(change);
                else if (message is CoordinatorFaulted fault) return fault;
                else if (message is ObserverSystemEnded) break;
            }

            return null;
        }, CancellationToken.None);
        await Task.WhenAny(logging, Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default));
        events.Writer.TryComplete();
        return await logging;
    }
}

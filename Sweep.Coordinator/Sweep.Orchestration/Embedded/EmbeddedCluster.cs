using Akka.Actor;
using Akka.Cluster;
using Sweep.Orchestration.Coordination;
using Sweep.Store;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Trials;

namespace Sweep.Orchestration.Embedded;

/// <summary>What a one-process cluster runs with.</summary>
public sealed record EmbeddedOptions
{
    public required int Slots { get; init; }
    public ITrialTrainer Trainer { get; init; } = new TorchTrialTrainer();
    public TrialEntitySettings Entity { get; init; } = new();
    public CoordinatorSettings Coordinator { get; init; } = new();
    public string LogLevel { get; init; } = "WARNING";
}

/// <summary>
/// A one-node cluster on loopback: the coordinator singleton and a trainer node with its slots, in
/// this process. The same actors run in separate processes in cluster mode.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private EmbeddedCluster(ActorSystem system, IActorRef coordinator)
    {
        System = system;
        Coordinator = coordinator;
    }

    public ActorSystem System { get; }

    /// <summary>The coordinator singleton's proxy: send <see cref="SubmitSweep"/>, <see cref="Subscribe"/>, <see cref="Drain"/> here.</summary>
    public IActorRef Coordinator { get; }

    public static async Task<EmbeddedCluster> StartAsync(SweepStore store, EmbeddedOptions options)
    {
        var config = ClusterConfig.Create("127.0.0.1", 0, [ClusterConfig.CoordinatorRole, TrialNode.TrainerRole], options.LogLevel);
        var system = ActorSystem.Create("sweep", config);
        try
        {
            await ClusterJoin.JoinAsync(system, Akka.Cluster.Cluster.Get(system).SelfAddress, TimeSpan.FromSeconds(30));
            var coordinator = CoordinatorProxy.Start(system);
            var region = TrialNode.Start(system, coordinator, Enumerable.Repeat("cpu", options.Slots).ToList(), options.Trainer, options.Entity);
            CoordinatorSingleton.Start(system, store, region, options.Coordinator);
            return new EmbeddedCluster(system, coordinator);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>Leaves the cluster and stops every actor; the store is free for other use afterwards.</summary>
    public async ValueTask DisposeAsync() =>
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
}

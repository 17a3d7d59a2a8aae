using Akka.Actor;
using Akka.Hosting;
using Sweep.Orchestration.Coordination;
using Sweep.Store;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Trials;

namespace Sweep.Orchestration.Embedded;

/// <summary>What a one-process cluster runs with.</summary>
public sealed record EmbeddedOptions
{
    public required int Slots { get; init; }

    /// <summary>Each slot's device ("cpu", "cuda:0"); all CPU when null.</summary>
    public IReadOnlyList<string>? Devices { get; init; }
    public ITrialTrainer Trainer { get; init; } = new TorchTrialTrainer();
    public TrialEntitySettings Entity { get; init; } = new();
    public CoordinatorSettings Coordinator { get; init; } = new();
    public string LogLevel { get; init; } = "WARNING";

    /// <summary>Started once the cluster is up, disposed before it stops: what serves the run to others (the HTTP server).</summary>
    public Func<ActorSystem, IActorRef, Task<IAsyncDisposable?>>? Attach { get; init; }
}

/// <summary>
/// A one-node cluster on loopback: the coordinator singleton and a trainer node with its slots, in
/// this process. The same actors run in separate processes in cluster mode.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly ClusterMember _member;

    private EmbeddedCluster(ClusterMember member)
    {
        _member = member;
        Coordinator = member.Registry.Get<CoordinatorKey>();
    }

    public ActorSystem System => _member.System;

    /// <summary>The coordinator singleton's proxy: send <see cref="SubmitSweep"/>, <see cref="Subscribe"/>, <see cref="Drain"/> here.</summary>
    public IActorRef Coordinator { get; }

    public static async Task<EmbeddedCluster> StartAsync(SweepStore store, EmbeddedOptions options)
    {
        // Mutual TLS with a certificate of this process's own: no other process can join the run.
        var listen = ClusterOptions.Loopback() with { Tls = ClusterTls.ForThisProcess() };
        var member = await ClusterMember.StartAsync(listen, [ClusterConfig.CoordinatorRole, TrialNode.TrainerRole], options.LogLevel, akka => akka
            .WithCoordinatorProxy()
            .WithTrialNode(options.Devices ?? Enumerable.Repeat("cpu", options.Slots).ToList(), options.Trainer, options.Entity)
            .WithCoordinator(store, options.Coordinator));
        try
        {
            await ClusterJoin.JoinAsync(member.System, Akka.Cluster.Cluster.Get(member.System).SelfAddress, TimeSpan.FromSeconds(30));
            return new EmbeddedCluster(member);
        }
        catch
        {
            await member.DisposeAsync();
            throw;
        }
    }

    /// <summary>Leaves the cluster and stops every actor; the store is free for other use afterwards.</summary>
    public ValueTask DisposeAsync() => _member.DisposeAsync();
}

using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Store;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Trials;
using Sweep.Tests.Support;
using Sweep.Training.Running;

namespace Sweep.Tests.Cluster;

/// <summary>
/// A real cluster of three ActorSystems on 127.0.0.1 in this process: one coordinator node without
/// slots and two trainer nodes of different sizes. Every message between them crosses Akka.Remote
/// and its serializer.
/// </summary>
[Trait("Tier", "Full")]
public sealed class MultiNodeClusterTests : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDatabase _database = new();
    private readonly List<ClusterMember> _members = [];

    [Fact]
    public async Task Trials_go_to_free_slots_on_nodes_of_different_sizes_and_no_node_trains_more_than_its_slots()
    {
        using var store = _database.Open();
        var coordinatorMember = await StartMember(ClusterConfig.CoordinatorRole, seed: null,
            akka => akka.WithCoordinatorProxy().WithTrialRegionProxy().WithCoordinator(store, new CoordinatorSettings()));
        var coordinatorNode = coordinatorMember.System;
        var seed = Akka.Cluster.Cluster.Get(coordinatorNode).SelfAddress;

        var small = new SteppingTrainer(TimeSpan.FromMilliseconds(10));
        var large = new SteppingTrainer(TimeSpan.FromMilliseconds(10));
        var entity = new TrialEntitySettings { HeartbeatInterval = TimeSpan.FromMilliseconds(200), ProgressEvery = 5, Checkpointing = CheckpointCadence.EveryIterations(10) };
        foreach (var (slots, trainer) in new[] { (1, small), (3, large) })
        {
            await StartMember(TrialNode.TrainerRole, seed,
                akka => akka.WithCoordinatorProxy().WithTrialNode(Enumerable.Repeat("cpu", slots).ToList(), trainer, entity));
        }

        // Both nodes' slots are known before the sweep starts, else the first node could run most of it alone.
        var proxy = coordinatorMember.Registry.Get<CoordinatorKey>();
        while ((await proxy.Ask<NodeList>(new ListNodes(), Timeout)).Nodes.Count < 2) await Task.Delay(100);

        var events = Channel.CreateUnbounded<object>();
        coordinatorNode.ActorOf(SweepObserver.Props(proxy,
            new SubmitSweep(SweepFiles.Ring("spread", seeds: 8, iterations: 30, inits: "normal, covering"), "spread.yaml", Extend: false), events.Writer));
        await foreach (var message in events.Reader.ReadAllAsync(new CancellationTokenSource(Timeout).Token))
        {
            Assert.IsNotType<SweepRefused>(message);
            Assert.IsNotType<CoordinatorFaulted>(message);
            if (message is SweepFinished) break;
        }

        var trials = store.Trials(store.FindSweep("spread")!.TrialIds);
        Assert.Equal(16, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.True(small.Calls.Count + large.Calls.Count == 16, $"small {small.Calls.Count} ({string.Join(",", small.Calls.Values)}), large {large.Calls.Count} ({string.Join(",", large.Calls.Values)}), attempts {string.Join(",", trials.Select(t => t.Attempt))}, nodes {string.Join(",", trials.Select(t => t.Node))}");
        Assert.Equal(1, small.MaxRunning);
        Assert.Equal(3, large.MaxRunning);
        Assert.True(large.Calls.Count > small.Calls.Count, $"the 3-slot node ran {large.Calls.Count}, the 1-slot node {small.Calls.Count}");
    }

    private async Task<ClusterMember> StartMember(string role, Address? seed, Action<AkkaConfigurationBuilder> actors)
    {
        var member = await ClusterMember.StartAsync(ClusterOptions.Loopback(), [role], actors: actors);
        _members.Add(member);
        await ClusterJoin.JoinAsync(member.System, seed ?? Akka.Cluster.Cluster.Get(member.System).SelfAddress, Timeout);
        return member;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Enumerable.Reverse(_members)) await member.DisposeAsync();
        _database.Dispose();
    }
}

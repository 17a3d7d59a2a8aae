using Akka;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Sweep.Cluster.Protocol;
using Sweep.Cluster.Trials;

namespace Sweep.Cluster.Hosting;

/// <summary>Starts the trainer side of a node: its slot gate, the trial shard region and the agent that registers the slots.</summary>
public static class TrialNode
{
    public const string TypeName = "trial";
    public const string TrainerRole = "trainer";

    /// <returns>The shard region to send <see cref="ITrialCommand"/>s to.</returns>
    public static IActorRef Start(ActorSystem system, IActorRef coordinator, IReadOnlyList<string> slotDevices, ITrialTrainer trainer, TrialEntitySettings settings)
    {
        var slots = system.ActorOf(SlotGate.Props(slotDevices), "slots");
        var region = ClusterSharding.Get(system).Start(
            TypeName,
            trialId => TrialEntity.Props(trialId, trainer, coordinator, slots, settings),
            ClusterShardingSettings.Create(system).WithRole(TrainerRole),
            new TrialMessageExtractor(),
            NodeAffinityAllocation.ForCluster(Akka.Cluster.Cluster.Get(system).SelfAddress),
            PoisonPill.Instance);
        var nodeKey = NodeKeys.Of(Akka.Cluster.Cluster.Get(system).SelfAddress);
        var agent = system.ActorOf(NodeAgent.Props(coordinator, region, Akka.Cluster.Cluster.Get(system).SelfAddress, new RegisterNode(nodeKey, slotDevices)), "node-agent");

        // Leaving on purpose (SIGTERM, a scale-down) is not a failure: before the node leaves the
        // cluster its trials checkpoint and go back to the coordinator without using up an attempt.
        // Without an answer in time (no coordinator) the node leaves anyway and the trials count as lost.
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "hand-back-trials", async () =>
        {
            // Downed or removed: the cluster has already given up on this node, and nobody would answer.
            if (shutdown.ShutdownReason is not CoordinatedShutdown.ClrExitReason) return Done.Instance;
            try
            {
                await agent.Ask<Done>(NodeAgent.Leave.Instance, HandBackTimeout);
                Serilog.Log.Information("Node {Node}: every trial handed back to the coordinator", nodeKey);
            }
            catch (AskTimeoutException)
            {
                Serilog.Log.Warning("Node {Node}: the coordinator did not take the trials back within {Seconds} s; leaving anyway", nodeKey, HandBackTimeout.TotalSeconds);
            }

            return Done.Instance;
        });
        return region;
    }

    private static readonly TimeSpan HandBackTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A region on a node without slots (the coordinator's): routes commands, hosts nothing.</summary>
    public static IActorRef StartProxy(ActorSystem system) =>
        ClusterSharding.Get(system).StartProxy(TypeName, TrainerRole, new TrialMessageExtractor());
}

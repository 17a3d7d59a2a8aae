using Akka;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Sweep.Cluster.Protocol;
using Sweep.Cluster.Trials;

namespace Sweep.Cluster.Hosting;

/// <summary>The trainer side of a node: its slot gate, the trial shard region and the agent that registers the slots.</summary>
public static class TrialNode
{
    public const string TypeName = "trial";
    public const string TrainerRole = "trainer";

    private static readonly TimeSpan HandBackTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts the node's trial region (registered as <see cref="TrialRegionKey"/>), reporting to the
    /// coordinator proxy registered before it as <see cref="CoordinatorKey"/>.
    /// </summary>
    /// <remarks>
    /// Akka.Cluster.Hosting's shard region builder takes no allocation strategy, and trials must be
    /// placed by the coordinator (<see cref="NodeAffinityAllocation"/>), so the region starts here;
    /// its settings are set in code rather than HOCON:
    /// <list type="bullet">
    /// <item>no idle passivation: a training entity receives nothing for minutes and must not be stopped;</item>
    /// <item>shards are never rebalanced, so a joining node moves nothing;</item>
    /// <item>the shard coordinator keeps its state in distributed data without remember-entities:
    /// the sweep database, not Akka, remembers which trials exist.</item>
    /// </list>
    /// </remarks>
    public static AkkaConfigurationBuilder WithTrialNode(
        this AkkaConfigurationBuilder akka, IReadOnlyList<string> slotDevices, ITrialTrainer trainer, TrialEntitySettings settings) =>
        akka.WithActors((system, registry) =>
        {
            var coordinator = registry.Get<CoordinatorKey>();
            var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
            var slots = system.ActorOf(SlotGate.Props(slotDevices), "slots");
            var described = settings with { Processors = Processors.Describe(slotDevices, denormalsFlushed: settings.FlushDenormals) };
            var region = ClusterSharding.Get(system).Start(
                TypeName,
                trialId => TrialEntity.Props(trialId, trainer, coordinator, slots, described),
                Settings(system),
                new TrialMessageExtractor(),
                NodeAffinityAllocation.ForCluster(self),
                PoisonPill.Instance);
            registry.Register<TrialRegionKey>(region);
            var nodeKey = NodeKeys.Of(self);
            var agent = system.ActorOf(NodeAgent.Props(coordinator, region, self, new RegisterNode(nodeKey, slotDevices, DeviceMemory.Measure(slotDevices))), "node-agent");
            HandBackTrialsOnLeaving(system, agent, nodeKey);
        });

    /// <summary>A region on a member without slots (the coordinator's): routes commands, hosts nothing.</summary>
    public static AkkaConfigurationBuilder WithTrialRegionProxy(this AkkaConfigurationBuilder akka) =>
        akka.WithShardRegionProxy<TrialRegionKey>(TypeName, TrainerRole, new TrialMessageExtractor());

    public static ClusterShardingSettings Settings(ActorSystem system) => ClusterShardingSettings.Create(system)
        .WithRole(TrainerRole)
        .WithPassivateIdleAfter(TimeSpan.Zero)
        .WithStateStoreMode(StateStoreMode.DData)
        .WithRememberEntities(false);

    /// <summary>
    /// Leaving on purpose (SIGTERM, a scale-down) is not a failure: before the node leaves the
    /// cluster its trials checkpoint and go back to the coordinator without using up an attempt.
    /// Without an answer in time (no coordinator) the node leaves anyway and the trials count as lost.
    /// </summary>
    private static void HandBackTrialsOnLeaving(ActorSystem system, IActorRef agent, string nodeKey)
    {
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
    }
}

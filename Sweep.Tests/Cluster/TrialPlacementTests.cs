using Akka.Cluster.Sharding;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Protocol;
using Sweep.Cluster.Trials;

namespace Sweep.Tests.Cluster;

/// <summary>Placement follows the coordinator's choice of node, and nothing training is ever moved or passivated for idleness.</summary>
public sealed class TrialPlacementTests : TestKit
{
    [Fact]
    public void A_trial_command_is_routed_to_a_shard_named_after_the_chosen_node_and_stable_across_processes()
    {
        var extractor = new TrialMessageExtractor();
        var start = new StartTrial("0123456789abcdef", 1, "10.0.0.7:4053", "{}");

        var shard = extractor.ShardId(start)!;

        Assert.Equal("10.0.0.7:4053", TrialMessageExtractor.NodeOf(shard));
        Assert.Equal(shard, extractor.ShardId(new StopTrial("0123456789abcdef", 1, "10.0.0.7:4053")));
        var buckets = Enumerable.Range(0, 200).Select(i => extractor.ShardId(new StartTrial($"{i:x16}", 1, "n:1", "{}"))!).Distinct().ToList();
        Assert.InRange(buckets.Count, 8, 16);   // a few shards per node, however many trials
        Assert.Equal("0123456789abcdef", extractor.EntityId(start));
        Assert.Null(extractor.EntityId("not a trial command"));
    }

    [Fact]
    public async Task Shards_go_to_the_node_they_name_and_are_never_rebalanced()
    {
        var a = CreateTestProbe().Ref;
        var b = CreateTestProbe().Ref;
        var aKey = "10.0.0.1:4053";
        var allocation = new NodeAffinityAllocation(region => region.Equals(a) ? aKey : "10.0.0.2:4053");
        var shards = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(a, ImmutableList.Create($"{aKey}#1", $"{aKey}#2", $"{aKey}#3", $"{aKey}#4"))
            .Add(b, ImmutableList<string>.Empty);

        Assert.Equal(a, await allocation.AllocateShard(b, $"{aKey}#5", shards));
        Assert.Equal(b, await allocation.AllocateShard(a, "10.9.9.9:1#0", shards));   // a node that has gone: the least loaded
        Assert.Empty(await allocation.Rebalance(shards, ImmutableHashSet<string>.Empty));
    }

    [Fact]
    public async Task A_member_runs_its_trial_region_without_idle_passivation_or_remember_entities_and_keeps_shard_state_in_ddata()
    {
        // The effective settings of a started member, after Akka's defaults and every fallback were applied.
        await using var member = await ClusterMember.StartAsync(ClusterOptions.Loopback(), ["trainer"]);
        var settings = TrialNode.Settings(member.System);

        Assert.Equal(TimeSpan.Zero, settings.PassivateIdleEntityAfter);
        Assert.False(settings.RememberEntities);
        Assert.Equal(StateStoreMode.DData, settings.StateStoreMode);
        Assert.Equal("trainer", settings.Role);
        // Akka's own default would passivate an idle entity after two minutes: the setting is ours.
        Assert.NotEqual(TimeSpan.Zero, ClusterShardingSettings.Create(member.System).PassivateIdleEntityAfter);
        Assert.Equal("Akka.Dispatch.PinnedDispatcherConfigurator",
            member.System.Dispatchers.Lookup(ClusterConfig.CoordinatorDispatcher).Configurator.GetType().FullName);
    }
}

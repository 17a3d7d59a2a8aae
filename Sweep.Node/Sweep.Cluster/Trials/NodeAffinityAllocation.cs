using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Sweep.Cluster.Trials;

/// <summary>
/// Places each shard on the node its id names (the coordinator already chose it by free slots)
/// and never rebalances: moving a shard stops its entities, and those are training.
/// </summary>
public sealed class NodeAffinityAllocation(Func<IActorRef, string> nodeOf) : IShardAllocationStrategy
{
    /// <summary>Regions named by their node's address; the local region (no host in its path) by this node's.</summary>
    public static NodeAffinityAllocation ForCluster(Address selfAddress) =>
        new(region => NodeKeys.Of(region.Path.Address.HasLocalScope ? selfAddress : region.Path.Address));

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var node = TrialMessageExtractor.NodeOf(shardId);
        var named = currentShardAllocations.Keys.FirstOrDefault(region => nodeOf(region) == node);
        // The named node has gone: any region will do; its trials are re-dispatched by the coordinator anyway.
        var chosen = named ?? currentShardAllocations.MinBy(a => a.Value.Count).Key ?? requester;
        return Task.FromResult(chosen);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
}

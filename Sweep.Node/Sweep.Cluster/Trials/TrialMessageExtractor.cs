using Akka.Cluster.Sharding;
using Sweep.Cluster.Protocol;

namespace Sweep.Cluster.Trials;

/// <summary>
/// Entity id = TrialId; shard id = "node-key#bucket", so a trial lands on the node the coordinator
/// chose (see <see cref="NodeAffinityAllocation"/>). Buckets keep the shard count per node small
/// and fixed however many trials pass through.
/// </summary>
public sealed class TrialMessageExtractor : IMessageExtractor
{
    private const char Separator = '#';
    private const int BucketsPerNode = 16;

    public string? EntityId(object message) => (message as ITrialCommand)?.TrialId;

    public object? EntityMessage(object message) => message as ITrialCommand;

    public string? ShardId(object message) => message is ITrialCommand command ? ShardFor(command) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        messageHint is ITrialCommand command ? ShardFor(command) : throw new ArgumentException($"trial {entityId}: no node to place it on", nameof(messageHint));

    /// <summary>The node key a shard id names.</summary>
    public static string NodeOf(string shardId)
    {
        var cut = shardId.LastIndexOf(Separator);
        return cut < 0 ? shardId : shardId[..cut];
    }

    private static string ShardFor(ITrialCommand command) =>
        $"{command.NodeKey}{Separator}{StableBucket(command.TrialId)}";

    /// <summary>The same bucket in every process (string.GetHashCode is randomised per process).</summary>
    private static int StableBucket(string trialId)
    {
        var hash = 17u;
        foreach (var c in trialId) hash = unchecked(hash * 31 + c);
        return (int)(hash % BucketsPerNode);
    }
}

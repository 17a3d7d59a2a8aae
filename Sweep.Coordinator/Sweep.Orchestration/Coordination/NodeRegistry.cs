using Akka.Actor;

namespace Sweep.Orchestration.Coordination;

/// <summary>The nodes whose slots the coordinator may fill, by node key (host:port), in the order they registered.</summary>
public sealed class NodeRegistry
{
    private readonly Dictionary<string, RegisteredNode> _nodes = [];

    public IReadOnlyCollection<RegisteredNode> All => _nodes.Values;

    public RegisteredNode? Find(string key) => _nodes.GetValueOrDefault(key);

    /// <summary>Registers a node, or returns the one registered under this key by the same agent.</summary>
    /// <exception cref="InvalidOperationException">Another agent holds the key: remove the earlier incarnation first.</exception>
    public RegisteredNode Register(string key, IActorRef agent, IReadOnlyList<string> devices, IReadOnlyDictionary<string, long>? memory = null)
    {
        if (_nodes.TryGetValue(key, out var known))
            return known.Agent.Equals(agent) ? known : throw new InvalidOperationException($"node {key} is registered by another agent");
        return _nodes[key] = new RegisteredNode(key, agent, devices, memory);
    }

    /// <summary>Forgets the node; returns it (with the trials that ran there), or null when it was not registered.</summary>
    public RegisteredNode? Remove(string key) => _nodes.Remove(key, out var node) ? node : null;

    /// <summary>
    /// The node with the most free slots whose devices fit a trial needing <paramref name="bytes"/>
    /// (any, when null), the earliest registered among equals; null when no such slot is free.
    /// </summary>
    public RegisteredNode? Freest(long? bytes = null)
    {
        RegisteredNode? best = null;
        foreach (var node in _nodes.Values)
            if (node.Free > 0 && (best is null || node.Free > best.Free) && node.Suits(bytes))
                best = node;
        return best;
    }

    /// <summary>The trial no longer uses a slot on the node (if the node is still registered).</summary>
    public void Release(string? nodeKey, string trialId)
    {
        if (nodeKey is not null && _nodes.TryGetValue(nodeKey, out var node)) node.Running.Remove(trialId);
    }
}

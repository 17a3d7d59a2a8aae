namespace Sweep.Node.Protocol;

/// <summary>A node offers its slots (one device per slot). The coordinator watches the sender to notice the node leaving.</summary>
public sealed record RegisterNode(string NodeKey, IReadOnlyList<string> SlotDevices);

/// <summary>The coordinator has the node's slots.</summary>
public sealed record NodeRegistered(string NodeKey);

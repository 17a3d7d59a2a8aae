namespace Sweep.Cluster.Protocol;

/// <summary>A node offers its slots (one device per slot). The coordinator watches the sender to notice the node leaving.</summary>
/// <param name="DeviceMemory">Bytes of each device whose memory the node could read (<see cref="Hosting.DeviceMemory"/>); the coordinator places on it only trials that fit.</param>
public sealed record RegisterNode(string NodeKey, IReadOnlyList<string> SlotDevices, IReadOnlyDictionary<string, long>? DeviceMemory = null) : ISweepMessage;

/// <summary>The coordinator has the node's slots.</summary>
public sealed record NodeRegistered(string NodeKey) : ISweepMessage;

/// <summary>The node is shutting down (SIGTERM): dispatch nothing more to it, stop its trials so they checkpoint, and reply <see cref="NodeReleased"/>.</summary>
public sealed record NodeLeaving(string NodeKey) : ISweepMessage;

/// <summary>None of the leaving node's trials runs any more; they are pending again with their checkpoints, no attempt used up.</summary>
public sealed record NodeReleased(string NodeKey) : ISweepMessage;

/// <summary>A benchmark's probe asks the coordinator to answer at once: how long its mailbox and connection take (see <c>CoordinatorProbe</c>).</summary>
public sealed record CoordinatorPing(long SentTimestamp) : ISweepMessage;

/// <summary>The coordinator's answer to <see cref="CoordinatorPing"/>, carrying the probe's own timestamp back.</summary>
public sealed record CoordinatorPong(long SentTimestamp) : ISweepMessage;

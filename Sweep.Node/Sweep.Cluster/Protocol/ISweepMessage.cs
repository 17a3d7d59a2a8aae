namespace Sweep.Cluster.Protocol;

/// <summary>
/// Marks a message that may travel between Sweep's processes (node ↔ coordinator, client ↔
/// coordinator). Akka binds every such type to <see cref="ProtocolSerializer"/>, which accepts from
/// the network nothing that does not carry this mark.
/// </summary>
public interface ISweepMessage;

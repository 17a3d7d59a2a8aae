using Akka.Actor;

namespace Sweep.Cluster.Trials;

/// <summary>A node's name in placement, status and logs: its cluster address as host:port.</summary>
public static class NodeKeys
{
    public static string Of(Address address) => $"{address.Host}:{address.Port}";
}

using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace Sweep.Cluster.Hosting;

/// <summary>The way to the coordinator singleton from any member: a proxy that follows it and buffers while it moves.</summary>
public static class CoordinatorProxy
{
    /// <summary>The singleton manager's name; the coordinator runs as its child.</summary>
    public const string SingletonName = "coordinator";

    /// <summary>Starts the proxy, registered as <see cref="CoordinatorKey"/>.</summary>
    public static AkkaConfigurationBuilder WithCoordinatorProxy(this AkkaConfigurationBuilder akka) =>
        akka.WithSingletonProxy<CoordinatorKey>(SingletonName, new ClusterSingletonOptions
        {
            Role = ClusterConfig.CoordinatorRole,
            // It logs "not found after N seconds" while the cluster is still forming; nodes retry registration anyway.
            LogSingletonIdentificationFailure = false,
        });
}

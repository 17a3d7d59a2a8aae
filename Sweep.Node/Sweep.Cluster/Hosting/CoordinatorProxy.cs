using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace Sweep.Cluster.Hosting;

/// <summary>The way to the coordinator singleton from any node: a proxy that follows it and buffers while it moves.</summary>
public static class CoordinatorProxy
{
    public const string SingletonPath = "/user/coordinator";

    public static IActorRef Start(ActorSystem system) =>
        system.ActorOf(ClusterSingletonProxy.Props(SingletonPath,
            ClusterSingletonProxySettings.Create(system).WithRole(ClusterConfig.CoordinatorRole)
                // It logs "not found after N seconds" while the cluster is still forming; nodes retry registration anyway.
                .WithLogSingletonIdentificationFailure(false)), "coordinator-proxy");
}

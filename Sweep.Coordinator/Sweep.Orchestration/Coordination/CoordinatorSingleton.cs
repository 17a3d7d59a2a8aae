using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Sweep.Store;
using Sweep.Cluster.Hosting;

namespace Sweep.Orchestration.Coordination;

/// <summary>Runs the <see cref="SweepCoordinator"/> as the cluster's singleton on role <c>coordinator</c>, on its own thread.</summary>
public static class CoordinatorSingleton
{
    public static void Start(ActorSystem system, SweepStore store, IActorRef trialRegion, CoordinatorSettings settings) =>
        system.ActorOf(ClusterSingletonManager.Props(
            SweepCoordinator.Props(store, trialRegion, settings).WithDispatcher(ClusterConfig.CoordinatorDispatcher),
            PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithRole(ClusterConfig.CoordinatorRole)),
            CoordinatorProxy.SingletonPath.Split('/')[^1]);
}

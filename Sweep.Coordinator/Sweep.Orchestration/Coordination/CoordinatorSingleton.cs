using Akka.Cluster.Hosting;
using Akka.Hosting;
using Sweep.Cluster.Hosting;
using Sweep.Store;

namespace Sweep.Orchestration.Coordination;

/// <summary>Runs the <see cref="SweepCoordinator"/> as the cluster's singleton on role <c>coordinator</c>, on its own thread.</summary>
public static class CoordinatorSingleton
{
    /// <summary>
    /// Starts the singleton's manager. The trial region (or its proxy) must be registered before it,
    /// as <see cref="TrialRegionKey"/>; the coordinator's proxy is <see cref="CoordinatorProxy"/>'s.
    /// </summary>
    public static AkkaConfigurationBuilder WithCoordinator(this AkkaConfigurationBuilder akka, SweepStore store, CoordinatorSettings settings) =>
        akka.WithSingleton<CoordinatorManagerKey>(
            CoordinatorProxy.SingletonName,
            (_, registry, _) => SweepCoordinator.Props(store, registry.Get<TrialRegionKey>(), settings).WithDispatcher(ClusterConfig.CoordinatorDispatcher),
            new ClusterSingletonOptions { Role = ClusterConfig.CoordinatorRole },
            createProxyToo: false);

    private sealed class CoordinatorManagerKey;
}

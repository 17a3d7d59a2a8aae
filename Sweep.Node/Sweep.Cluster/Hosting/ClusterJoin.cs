using Akka.Actor;
using Akka.Cluster;

namespace Sweep.Cluster.Hosting;

public static class ClusterJoin
{
    /// <summary>Joins the cluster through <paramref name="seed"/> (this node's own address to start a new one) and waits until this member is up.</summary>
    public static async Task JoinAsync(ActorSystem system, Address seed, TimeSpan timeout)
    {
        var up = WhenUp(system);
        await Akka.Cluster.Cluster.Get(system).JoinAsync(seed).WaitAsync(timeout);
        await up.WaitAsync(timeout);
    }

    /// <summary>Joins through the first of <paramref name="seeds"/> that answers; false when none did within <paramref name="timeout"/>.</summary>
    public static async Task<bool> TryJoinSeedsAsync(ActorSystem system, IReadOnlyList<Endpoint> seeds, TimeSpan timeout, CancellationToken cancellation)
    {
        var up = WhenUp(system);
        Akka.Cluster.Cluster.Get(system).JoinSeedNodes(seeds.Select(s => AddressOf(system, s)).ToList());
        try
        {
            await up.WaitAsync(timeout, cancellation);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Completes once this member is up; registered before joining, so the moment cannot be missed.</summary>
    private static Task WhenUp(ActorSystem system)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task;
    }

    /// <summary>The member at <paramref name="endpoint"/>, spoken to as this system speaks (akka.tcp, or akka.ssl.tcp with TLS).</summary>
    public static Address AddressOf(ActorSystem system, Endpoint endpoint) =>
        new(Akka.Cluster.Cluster.Get(system).SelfAddress.Protocol, ClusterConfig.SystemName, endpoint.Host, endpoint.Port);
}

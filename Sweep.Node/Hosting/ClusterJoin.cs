using Akka.Actor;
using Akka.Cluster;

namespace Sweep.Node.Hosting;

public static class ClusterJoin
{
    /// <summary>Joins the cluster through <paramref name="seed"/> (this node's own address to start a new one) and waits until this member is up.</summary>
    public static async Task JoinAsync(ActorSystem system, Address seed, TimeSpan timeout)
    {
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await cluster.JoinAsync(seed).WaitAsync(timeout);
        await up.Task.WaitAsync(timeout);
    }
}

using Sweep.Cluster.Hosting;
using Sweep.Cluster.Trials;
using Sweep.Orchestration.Embedded;
using Sweep.Tests.Support;

namespace Sweep.Tests.Orchestration.Embedded;

/// <summary>
/// The one-process cluster of <c>sweep run</c> listens on loopback; another process on the machine
/// (here: a member in another actor system, as a <c>sweep-node</c> would be) must not get in.
/// </summary>
[Trait("Tier", "Full")]
public sealed class EmbeddedClusterSecurityTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_member_without_the_runs_certificate_cannot_join_it()
    {
        using var store = _database.Open();
        await using var run = await EmbeddedCluster.StartAsync(store, new EmbeddedOptions { Slots = 1, Trainer = new SteppingTrainer(TimeSpan.FromMilliseconds(10)) });
        await using var intruder = await ClusterMember.StartAsync(ClusterOptions.Loopback(), [TrialNode.TrainerRole]);
        var runAddress = Akka.Cluster.Cluster.Get(run.System).SelfAddress;

        Akka.Cluster.Cluster.Get(intruder.System).Join(runAddress);
        await Task.Delay(TimeSpan.FromSeconds(10));

        Assert.Single(Akka.Cluster.Cluster.Get(run.System).State.Members);
        Assert.DoesNotContain(Akka.Cluster.Cluster.Get(intruder.System).State.Members, m => m.Address == runAddress);
    }

    public void Dispose() => _database.Dispose();
}

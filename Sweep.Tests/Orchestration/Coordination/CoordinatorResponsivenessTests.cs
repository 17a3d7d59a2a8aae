using Akka.TestKit.Xunit2;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Protocol;
using Sweep.Orchestration.Coordination;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>
/// The coordinator under real time and a real LiteDB file while it admits a large sweep: the work
/// must not stop it from hearing the attempts it already runs.
/// </summary>
public sealed class CoordinatorResponsivenessTests : TestKit
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Heartbeats_sent_while_a_20000_trial_sweep_is_admitted_keep_their_attempt_alive()
    {
        using var store = _database.Open();
        var region = CreateTestProbe();
        var client = CreateTestProbe();
        var settings = new CoordinatorSettings { HeartbeatTimeout = TimeSpan.FromSeconds(1), HeartbeatCheckInterval = TimeSpan.FromMilliseconds(100) };
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(store, region.Ref, settings));
        client.Send(coordinator, new SubmitSweep(SweepFiles.Ring("running", seeds: 1), "running.yaml", Extend: false));
        client.ExpectMsg<SweepAccepted>();
        client.ExpectMsg<SweepTrialsListed>();
        var agent = CreateTestProbe();
        agent.Send(coordinator, new RegisterNode("a", ["cpu"]));
        var start = region.ExpectMsg<StartTrial>();
        coordinator.Tell(new TrialStarted(start.TrialId, 1, "a", "cpu", 0), region.Ref);

        // Beats are rarer than checks, as in a real cluster (every few seconds against a check every second).
        using var stopBeating = new CancellationTokenSource();
        var beating = Task.Run(async () =>
        {
            for (var iteration = 1; !stopBeating.IsCancellationRequested; iteration++)
            {
                coordinator.Tell(new TrialHeartbeat(start.TrialId, 1, iteration, 1_000_000, 0.7, 0.7), region.Ref);
                await Task.Delay(300);
            }
        });

        // Before: the admission ran inside one message for many seconds, and the beats queued behind it were charged as silence.
        client.Send(coordinator, new SubmitSweep(SweepFiles.Ring("large", seeds: 20_000), "large.yaml", Extend: false));
        var accepted = client.ExpectMsg<SweepAccepted>(TimeSpan.FromMinutes(3));
        await stopBeating.CancelAsync();
        await beating;

        Assert.Equal(20_000, accepted.Unfinished);
        Assert.Equal(20_000, store.FindSweep("large")!.TrialIds.Count);
        // The running attempt was never lost: nothing stopped or restarted it, and no failure was counted.
        Assert.False(region.HasMessages, $"the region got {region.ReceiveOne(TimeSpan.Zero)}");
        client.Send(coordinator, new ListNodes());
        Assert.Equal(1, client.FishForMessage<NodeList>(_ => true).Nodes.Single().Running);
        Assert.Equal(0, store.FindTrial(start.TrialId)!.Failures);
    }

    [Fact]
    public void Every_reply_to_a_20000_trial_submission_fits_one_remote_frame()
    {
        using var store = _database.Open();
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(store, CreateTestProbe().Ref, new CoordinatorSettings()));
        var client = CreateTestProbe();
        var serializer = new ProtocolSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        // Before: SweepAccepted listed every id, 20 000 × 19 bytes, past the 128 000-byte frame.
        client.Send(coordinator, new SubmitSweep(SweepFiles.Ring("large", seeds: 20_000), "large.yaml", Extend: false));
        var accepted = client.ExpectMsg<SweepAccepted>(TimeSpan.FromMinutes(3));
        var pieces = Enumerable.Range(0, 10).Select(_ => client.ExpectMsg<SweepTrialsListed>()).ToList();

        Assert.All(pieces.Cast<object>().Prepend(accepted), reply =>
            Assert.True(serializer.ToBinary(reply).Length < ClusterConfig.MaximumFrameBytes / 2, $"{reply.GetType().Name} does not fit"));
        Assert.Equal(store.FindSweep("large")!.TrialIds.Order(), pieces.SelectMany(p => p.TrialIds).Order());
        Assert.Equal(20_000, accepted.Unfinished);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _database.Dispose();
    }
}

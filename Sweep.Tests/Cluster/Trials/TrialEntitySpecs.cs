using Akka.Actor;
using Akka.TestKit.Xunit2;
using Sweep.Cluster.Protocol;
using Sweep.Cluster.Trials;
using Sweep.Tests.Support;

namespace Sweep.Tests.Cluster.Trials;

/// <summary>A trial entity with a real slot gate and a probe as its coordinator.</summary>
public sealed class TrialEntitySpecs : TestKit
{
    private static readonly TrialEntitySettings Fast = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(100), ProgressEvery = 1, Checkpointing = null };

    [Fact]
    public void An_attempt_waiting_for_a_slot_says_so_in_its_heartbeats_then_trains_when_one_frees()
    {
        var coordinator = CreateTestProbe();
        var gate = Sys.ActorOf(SlotGate.Props(["cpu"]));
        var occupant = CreateTestProbe();
        occupant.Send(gate, new SlotGate.Acquire("other", 1));
        var held = occupant.ExpectMsg<SlotGate.Granted>();
        var spec = Specs.Trial("ring", "gan", iterations: 150);   // 3 s of training: heartbeats come during it even on a loaded machine
        var entity = Sys.ActorOf(TrialEntity.Props(spec.TrialId, new SteppingTrainer(TimeSpan.FromMilliseconds(20)), coordinator, gate, Fast));

        entity.Tell(new StartTrial(spec.TrialId, 1, "node", spec.CanonicalJson()));

        // Only heartbeats while the slot is held elsewhere, each saying that it waits.
        for (var i = 0; i < 3; i++) Assert.True(coordinator.ExpectMsg<TrialHeartbeat>().WaitingForSlot);
        occupant.Send(gate, new SlotGate.Release(held.Slot));
        coordinator.FishForMessage<TrialStarted>(_ => true);
        Assert.False(coordinator.FishForMessage<TrialHeartbeat>(_ => true, TimeSpan.FromSeconds(10)).WaitingForSlot);
        Assert.Equal(Sweep.Training.Running.TrialOutcome.Completed, coordinator.FishForMessage<TrialEnded>(_ => true, TimeSpan.FromSeconds(20)).Result.Outcome);
    }
}

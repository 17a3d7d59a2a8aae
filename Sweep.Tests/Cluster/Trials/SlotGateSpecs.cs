using Akka.Actor;
using Akka.TestKit.Xunit2;
using Sweep.Cluster.Trials;

namespace Sweep.Tests.Cluster.Trials;

/// <summary>The node's slot gate, alone: capacity, arrival order, holders that die, and messages it must not trust.</summary>
public sealed class SlotGateSpecs : TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void It_grants_no_more_slots_than_it_has_and_the_next_in_line_gets_a_released_one()
    {
        var gate = Sys.ActorOf(SlotGate.Props(["cpu", "cuda:0"]));
        var (a, b, c) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());

        a.Send(gate, new SlotGate.Acquire("a", 1));
        b.Send(gate, new SlotGate.Acquire("b", 1));
        c.Send(gate, new SlotGate.Acquire("c", 1));

        var first = a.ExpectMsg<SlotGate.Granted>();
        var second = b.ExpectMsg<SlotGate.Granted>();
        Assert.Equal([(0, "cpu"), (1, "cuda:0")], new[] { (first.Slot, first.Device), (second.Slot, second.Device) });
        c.ExpectNoMsg(Quiet);

        b.Send(gate, new SlotGate.Release(second.Slot));
        Assert.Equal(("c", 1), (c.ExpectMsg<SlotGate.Granted>().TrialId, 1));
    }

    [Fact]
    public void A_holder_that_stops_gives_its_slot_back_and_a_waiter_that_stops_leaves_the_line()
    {
        var gate = Sys.ActorOf(SlotGate.Props(["cpu"]));
        var (holder, leaver, next) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        holder.Send(gate, new SlotGate.Acquire("h", 1));
        holder.ExpectMsg<SlotGate.Granted>();
        leaver.Send(gate, new SlotGate.Acquire("l", 1));
        next.Send(gate, new SlotGate.Acquire("n", 1));

        Watch(leaver.Ref);
        Sys.Stop(leaver.Ref);
        ExpectTerminated(leaver.Ref);
        Sys.Stop(holder.Ref);

        Assert.Equal("n", next.ExpectMsg<SlotGate.Granted>().TrialId);
    }

    [Fact]
    public void Releases_it_cannot_trust_change_nothing_so_it_never_grants_a_held_slot_twice()
    {
        var gate = Sys.ActorOf(SlotGate.Props(["cpu"]));
        var (holder, stranger, waiter) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        holder.Send(gate, new SlotGate.Acquire("h", 1));
        var slot = holder.ExpectMsg<SlotGate.Granted>().Slot;
        waiter.Send(gate, new SlotGate.Acquire("w", 1));

        EventFilter.Warning(contains: "does not hold it").Expect(3, () =>
        {
            stranger.Send(gate, new SlotGate.Release(slot));    // not the holder
            stranger.Send(gate, new SlotGate.Release(7));       // no such slot
            holder.Send(gate, new SlotGate.Release(-1));
        });
        waiter.ExpectNoMsg(Quiet);

        holder.Send(gate, new SlotGate.Release(slot));
        Assert.Equal("w", waiter.ExpectMsg<SlotGate.Granted>().TrialId);
    }
}

using Akka.Actor;
using Akka.TestKit.Xunit2;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Live;
using Sweep.Store;

namespace Sweep.Tests.Orchestration.Live;

/// <summary>The live copy against a probe playing the coordinator: what it keeps when reads of one sweep overlap.</summary>
public sealed class LiveSweepsActorTests : TestKit
{
    private static readonly SweepFacts Facts = new("s", "fp", "name: s", new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc), ["a", "b"]);

    private static TrialStatus Status(string id, TrialState state) => new(id, "{}", state, state == TrialState.Pending ? 0 : 1, 0, null, 0, 0, 0, null, null);

    [Fact]
    public void A_later_read_supersedes_one_under_way_and_the_changes_heard_since_it_began_are_applied_over_it()
    {
        var coordinator = CreateTestProbe();
        var board = new LiveBoard();
        var live = Sys.ActorOf(LiveSweepsActor.Props(coordinator.Ref, board));
        coordinator.ExpectMsg<Subscribe>();
        coordinator.ExpectMsg<ListSweeps>();
        live.Tell(new SweepsListed([]));

        live.Tell(new SweepReading("s", Read: 1));
        live.Tell(new SweepRead("s", Facts, [Status("a", TrialState.Pending)], null, Last: false, Read: 1));
        live.Tell(new SweepReading("s", Read: 2));   // e.g. the coordinator admitting the sweep again
        live.Tell(new TrialsChanged([new TrialChanged(Status("b", TrialState.Running), TrialState.Dispatched)]));
        live.Tell(new SweepRead("s", Facts, [Status("b", TrialState.Pending)], null, Last: true, Read: 1));   // the first read's end: older than the change
        live.Tell(new SweepRead("s", Facts, [Status("a", TrialState.Completed), Status("b", TrialState.Dispatched)], null, Last: true, Read: 2));

        AwaitAssert(() =>
        {
            Assert.True(board.Current.Sweeps.TryGetValue("s", out var sweep));
            Assert.Equal([TrialState.Completed, TrialState.Running], sweep!.InGridOrder().Select(t => t.State));
        });
        Assert.True(board.Loaded);
    }
}

using Akka.Actor;
using Akka.TestKit.Xunit2;
using Sweep.Orchestration.Coordination;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>Slot accounting without an actor; the agents are test probes, only compared.</summary>
public sealed class NodeRegistryTests : TestKit
{
    [Fact]
    public void The_freest_node_gets_the_next_trial_and_among_equals_the_one_registered_first()
    {
        var nodes = new NodeRegistry();
        var a = nodes.Register("a", Agent(), Cpus(2));
        var b = nodes.Register("b", Agent(), Cpus(2));

        Assert.Same(a, nodes.Freest());
        a.Running.Add("t1");
        Assert.Same(b, nodes.Freest());
        b.Running.Add("t2");
        Assert.Same(a, nodes.Freest());
        a.Running.Add("t3");
        b.Running.Add("t4");
        Assert.Null(nodes.Freest());

        nodes.Release("a", "t1");
        Assert.Same(a, nodes.Freest());
    }

    [Fact]
    public void An_unreachable_or_leaving_node_offers_no_slot()
    {
        var nodes = new NodeRegistry();
        var a = nodes.Register("a", Agent(), Cpus(4));
        a.Reachable = false;
        Assert.Null(nodes.Freest());
        a.Reachable = true;
        a.Leaving = true;
        Assert.Null(nodes.Freest());
        Assert.Equal(0, a.Free);
    }

    [Fact]
    public void A_leaving_node_is_ready_to_go_once_nothing_runs_there_and_someone_waits_for_the_answer()
    {
        var nodes = new NodeRegistry();
        var a = nodes.Register("a", Agent(), Cpus(1));
        a.Running.Add("t1");
        a.Leaving = true;
        Assert.False(a.ReadyToRelease);
        a.LeaveRequester = Agent();
        Assert.False(a.ReadyToRelease);
        nodes.Release("a", "t1");
        Assert.True(a.ReadyToRelease);
    }

    [Fact]
    public void The_same_key_from_another_agent_is_refused_until_the_earlier_incarnation_is_removed()
    {
        var nodes = new NodeRegistry();
        var first = Agent();
        var a = nodes.Register("a", first, Cpus(1));
        a.Running.Add("t1");

        Assert.Same(a, nodes.Register("a", first, Cpus(1)));
        Assert.Throws<InvalidOperationException>(() => nodes.Register("a", Agent(), Cpus(1)));

        var removed = nodes.Remove("a");
        Assert.Equal(["t1"], removed!.Running);
        Assert.NotSame(a, nodes.Register("a", Agent(), Cpus(1)));
        Assert.Null(nodes.Remove("missing"));
    }

    private IActorRef Agent() => CreateTestProbe().Ref;

    private static string[] Cpus(int slots) => Enumerable.Repeat("cpu", slots).ToArray();
}

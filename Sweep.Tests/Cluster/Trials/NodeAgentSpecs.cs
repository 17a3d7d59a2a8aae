using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Sweep.Cluster.Protocol;
using Sweep.Cluster.Trials;

namespace Sweep.Tests.Cluster.Trials;

/// <summary>
/// The node agent alone, with probes for the shard region and the coordinator, on Akka's
/// TestScheduler: its retry timers fire only when a test moves time.
/// </summary>
public sealed class NodeAgentSpecs : TestKit
{
    private const string TestTime = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private static readonly Address Self = new("akka.tcp", "sweep", "127.0.0.1", 4053);
    private static readonly Address Other = new("akka.tcp", "sweep", "127.0.0.1", 4054);
    private static readonly RegisterNode Registration = new("node-a", ["cpu", "cpu"]);

    private readonly TestProbe _region;
    private readonly TestProbe _coordinator;
    private readonly IActorRef _agent;

    public NodeAgentSpecs() : base(TestTime)
    {
        _region = CreateTestProbe();
        _coordinator = CreateTestProbe();
        _agent = Sys.ActorOf(NodeAgent.Props(_coordinator.Ref, _region.Ref, Self, Registration));
    }

    private TestScheduler Time => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void It_offers_its_slots_only_once_the_shard_coordinator_knows_its_region()
    {
        _region.ExpectMsg<GetCurrentRegions>();
        _region.Reply(new CurrentRegions(ImmutableHashSet.Create(Other)));
        AssertSilent(_coordinator);

        Time.Advance(Retry);
        _region.ExpectMsg<GetCurrentRegions>();
        _region.Reply(new CurrentRegions(ImmutableHashSet.Create(Other, Self)));

        Assert.Equal(Registration, _coordinator.ExpectMsg<RegisterNode>());
    }

    [Fact]
    public void It_registers_again_until_acknowledged_then_only_now_and_then_for_a_coordinator_that_restarted()
    {
        KnownRegion();
        _coordinator.ExpectMsg<RegisterNode>();

        Time.Advance(Retry);
        _coordinator.ExpectMsg<RegisterNode>();          // no answer yet: asked again a second later

        _coordinator.Reply(new NodeRegistered(Registration.NodeKey));
        Settle();
        Time.Advance(Retry);
        Time.Advance(Retry);
        AssertSilent(_coordinator);

        Time.Advance(TimeSpan.FromSeconds(8));           // ten seconds after the acknowledgement
        _coordinator.ExpectMsg<RegisterNode>();
    }

    [Fact]
    public void Leaving_asks_the_coordinator_until_it_releases_the_node_then_answers_done()
    {
        KnownRegion();
        _coordinator.ExpectMsg<RegisterNode>();
        _coordinator.Reply(new NodeRegistered(Registration.NodeKey));

        var requester = CreateTestProbe();
        requester.Send(_agent, NodeAgent.Leave.Instance);
        Assert.Equal(Registration.NodeKey, _coordinator.ExpectMsg<NodeLeaving>().NodeKey);

        Time.Advance(Retry);
        _coordinator.ExpectMsg<NodeLeaving>();           // a coordinator that moved gets the request again
        AssertSilent(requester);

        _coordinator.Reply(new NodeReleased(Registration.NodeKey));
        requester.ExpectMsg<Done>();

        Time.Advance(TimeSpan.FromSeconds(20));          // no more requests and no more registrations
        AssertSilent(_coordinator);
    }

    /// <summary>A round trip through the agent's mailbox: whatever it was going to send has been sent.</summary>
    private void Settle()
    {
        _agent.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>();
    }

    private void AssertSilent(TestProbe probe)
    {
        Settle();
        Assert.False(probe.HasMessages, $"unexpected {probe.ReceiveOne(TimeSpan.Zero)}");
    }

    private void KnownRegion()
    {
        _region.ExpectMsg<GetCurrentRegions>();
        _region.Reply(new CurrentRegions(ImmutableHashSet.Create(Self)));
    }
}

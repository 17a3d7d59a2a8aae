using Akka.Actor;
using Sweep.Orchestration.Coordination;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>The coordinator's ledger of proven roles: requests wait for a member's check, and a removed member proves itself anew.</summary>
public sealed class ProvenRolesTests
{
    private static readonly Address NodeAddress = new("akka.ssl.tcp", "sweep", "10.0.0.2", 4054);
    private static readonly IActorRef Node = new At(new RootActorPath(NodeAddress) / "user" / "node-agent");
    private static readonly IActorRef Local = new At(new RootActorPath(new Address("akka", "sweep")) / "user" / "observer");
    private static readonly IReadOnlySet<string> Trainer = new HashSet<string> { "trainer" };

    [Fact]
    public void A_request_waits_for_its_members_check_and_comes_back_after_it()
    {
        var roles = new ProvenRoles(on: true);

        Assert.True(roles.Unchecked(Node));
        roles.Wait("register", Node);
        var released = roles.Checked(NodeAddress, Trainer);

        Assert.Equal([("register", Node)], released.Select(r => (r.Message, r.Sender)));
        Assert.False(roles.Unchecked(Node));
        Assert.False(roles.Lacks(Node, "trainer"));
        Assert.True(roles.Lacks(Node, "client", "coordinator"));
    }

    [Fact]
    public void A_refused_member_lacks_every_role_and_a_removed_one_is_checked_anew()
    {
        var roles = new ProvenRoles(on: true);

        roles.Checked(NodeAddress, roles: null);
        Assert.True(roles.Lacks(Node, "trainer"));

        roles.Forget(NodeAddress);
        Assert.True(roles.Unchecked(Node));
        Assert.False(roles.Lacks(Node, "trainer"));
    }

    [Fact]
    public void Local_senders_and_clusters_without_TLS_need_no_proof()
    {
        Assert.False(new ProvenRoles(on: true).Unchecked(Local));
        Assert.False(new ProvenRoles(on: false).Unchecked(Node));
        Assert.False(new ProvenRoles(on: false).Lacks(Node, "trainer"));
    }

    /// <summary>An actor reference that is only a path: all the ledger reads of a sender.</summary>
    private sealed class At(ActorPath path) : MinimalActorRef
    {
        public override ActorPath Path => path;
        public override IActorRefProvider Provider => throw new NotSupportedException();
    }
}

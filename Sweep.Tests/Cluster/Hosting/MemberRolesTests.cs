using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Sweep.Cluster.Hosting;

namespace Sweep.Tests.Cluster.Hosting;

/// <summary>A member's proof of its roles: its certificate's OUs, signed with its key for its address and the peer's challenge.</summary>
public sealed class MemberRolesTests : IDisposable
{
    private static readonly Address Node = new("akka.tcp", "sweep", "10.0.0.2", 4054);
    private static readonly DateTime Now = DateTime.Now;

    private readonly X509Certificate2 _authority = ClusterCertificates.CreateAuthority("roles");
    private readonly X509Certificate2 _trainer;
    private readonly X509Certificate2 _client;
    private readonly ClusterTls _coordinator;
    private readonly byte[] _challenge = RandomNumberGenerator.GetBytes(32);

    public MemberRolesTests()
    {
        _trainer = ClusterCertificates.CreateMember(_authority, "node-1", [TrialNode.TrainerRole]);
        _client = ClusterCertificates.CreateMember(_authority, "laptop", [ClusterConfig.ClientRole]);
        _coordinator = new ClusterTls(ClusterCertificates.CreateMember(_authority, "coordinator", [ClusterConfig.CoordinatorRole]), X509CertificateLoader.LoadCertificate(_authority.RawData));
    }

    public void Dispose()
    {
        _authority.Dispose();
        _trainer.Dispose();
        _client.Dispose();
        _coordinator.Certificate.Dispose();
    }

    private string? Check(X509Certificate2 shown, byte[] signature, params string[] claimed) =>
        MemberRoles.Refusal(_coordinator, shown.RawData, signature, Node, claimed, _challenge, Now);

    [Fact]
    public void A_certificate_carries_the_roles_it_was_made_with()
    {
        using var both = ClusterCertificates.CreateMember(_authority, "all-in-one", [ClusterConfig.CoordinatorRole, TrialNode.TrainerRole]);

        Assert.Equal(new HashSet<string> { "trainer" }, MemberRoles.Of(_trainer));
        Assert.Equal(new HashSet<string> { "coordinator", "trainer" }, MemberRoles.Of(both));
        Assert.Throws<ArgumentException>(() => ClusterCertificates.CreateMember(_authority, "nobody", []));
        Assert.Throws<ArgumentException>(() => ClusterCertificates.CreateMember(_authority, "root", ["admin"]));
    }

    [Fact]
    public void A_trainer_proves_the_role_trainer_for_its_own_address()
    {
        Assert.Null(Check(_trainer, MemberRoles.Sign(_trainer, Node, _challenge), "trainer"));
    }

    [Fact]
    public void A_client_certificate_cannot_claim_to_train()
    {
        var reason = Check(_client, MemberRoles.Sign(_client, Node, _challenge), "trainer");

        Assert.Equal("it claims the role trainer but its certificate CN=laptop, OU=client, O=Sweep carries client", reason);
    }

    [Fact]
    public void A_proof_made_for_another_address_or_challenge_is_refused()
    {
        var elsewhere = MemberRoles.Sign(_trainer, new Address("akka.tcp", "sweep", "10.0.0.9", 4054), _challenge);
        var stale = MemberRoles.Sign(_trainer, Node, RandomNumberGenerator.GetBytes(32));

        Assert.StartsWith("its proof is not signed by the key of CN=node-1", Check(_trainer, elsewhere, "trainer"));
        Assert.StartsWith("its proof is not signed by the key of CN=node-1", Check(_trainer, stale, "trainer"));
    }

    [Fact]
    public void Showing_a_trainers_certificate_without_its_key_is_refused()
    {
        // The client holds only its own key; it presents the trainer's (public) certificate.
        var reason = Check(_trainer, MemberRoles.Sign(_client, Node, _challenge), "trainer");

        Assert.StartsWith("its proof is not signed by the key of CN=node-1", reason);
    }

    [Fact]
    public void A_revoked_or_foreign_certificate_is_refused_whatever_it_signs()
    {
        using var otherAuthority = ClusterCertificates.CreateAuthority("other");
        using var foreign = ClusterCertificates.CreateMember(otherAuthority, "node-1", [TrialNode.TrainerRole]);
        var revoking = _coordinator with { Revoked = new HashSet<string> { _trainer.SerialNumber } };

        Assert.Contains("is not issued by this cluster's CA", Check(foreign, MemberRoles.Sign(foreign, Node, _challenge), "trainer"));
        Assert.Contains("is revoked", MemberRoles.Refusal(revoking, _trainer.RawData, MemberRoles.Sign(_trainer, Node, _challenge), Node, ["trainer"], _challenge, Now));
        Assert.Equal("it answered with something that is not a certificate", MemberRoles.Refusal(_coordinator, [1, 2, 3], [], Node, ["trainer"], _challenge, Now));
    }
}

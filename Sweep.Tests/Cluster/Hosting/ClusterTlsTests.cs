using System.Security.Cryptography.X509Certificates;
using Sweep.Cluster.Hosting;

namespace Sweep.Tests.Cluster.Hosting;

/// <summary>Who a member's TLS validator lets in, and what it says about those it refuses.</summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly X509Certificate2 _authority = ClusterCertificates.CreateAuthority("tests");
    private readonly X509Certificate2 _member;
    private readonly X509Certificate2 _peer;

    public ClusterTlsTests()
    {
        _member = ClusterCertificates.CreateMember(_authority, "coordinator", [ClusterConfig.CoordinatorRole]);
        _peer = ClusterCertificates.CreateMember(_authority, "node-1", [TrialNode.TrainerRole]);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _member.Dispose();
        _peer.Dispose();
    }

    private ClusterTls Tls(params string[] revoked) =>
        new(_member, X509CertificateLoader.LoadCertificate(_authority.RawData)) { Revoked = revoked.ToHashSet() };

    [Fact]
    public void A_member_of_the_same_CA_is_admitted()
    {
        Assert.Null(Tls().Refusal(_peer, DateTime.Now));
    }

    [Fact]
    public void An_expired_certificate_is_named_as_expired_not_as_a_strangers()
    {
        var later = _peer.NotAfter.AddDays(1);

        var reason = Tls().Refusal(_peer, later);

        Assert.StartsWith($"its certificate {_peer.Subject} expired on {_peer.NotAfter.ToUniversalTime():yyyy-MM-dd}", reason);
    }

    [Fact]
    public void A_certificate_from_another_CA_is_refused_as_not_issued_by_this_one()
    {
        using var otherAuthority = ClusterCertificates.CreateAuthority("elsewhere");
        using var stranger = ClusterCertificates.CreateMember(otherAuthority, "intruder", [TrialNode.TrainerRole]);

        Assert.Contains("is not issued by this cluster's CA", Tls().Refusal(stranger, DateTime.Now));
        Assert.Contains("is not issued by this cluster's CA", Tls().Refusal(stranger, stranger.NotAfter.AddDays(1)));
    }

    [Fact]
    public void A_revoked_member_is_refused_and_the_others_are_not()
    {
        using var other = ClusterCertificates.CreateMember(_authority, "node-2", [TrialNode.TrainerRole]);
        var tls = Tls(_peer.SerialNumber);

        Assert.Equal($"its certificate {_peer.Subject} (serial {_peer.SerialNumber}) is revoked", tls.Refusal(_peer, DateTime.Now));
        Assert.Null(tls.Refusal(other, DateTime.Now));
    }

    [Fact]
    public void The_revocation_file_is_read_by_its_first_word_with_comments_and_case_ignored()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"# revoked members\n{_peer.SerialNumber.ToLowerInvariant()} node-1\n\n  ABC123   old-node # lost laptop\n");

            Assert.Equal([_peer.SerialNumber, "ABC123"], ClusterCertificates.ReadRevoked(file).Order());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void No_certificate_is_refused()
    {
        Assert.Equal("it presented no certificate", Tls().Refusal(null, DateTime.Now));
    }
}

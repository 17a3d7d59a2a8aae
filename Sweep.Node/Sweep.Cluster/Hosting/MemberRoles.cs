using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Akka.Actor;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// A member's roles are written into its certificate (one <c>OU</c> per role) by <c>sweep certs</c>,
/// and a member proves them by signing a peer's challenge together with its own cluster address.
/// TLS alone admits any certificate of the cluster's CA and cannot tell which member holds which
/// one; the signature binds the certificate to the address whose claimed roles the peer checks.
/// </summary>
public static class MemberRoles
{
    /// <summary>The roles a certificate may carry: Akka's member roles of Sweep's processes.</summary>
    public static readonly IReadOnlyList<string> Known = [ClusterConfig.CoordinatorRole, TrialNode.TrainerRole, ClusterConfig.ClientRole];

    private const string OrganizationalUnit = "2.5.4.11";

    /// <summary>The roles in <paramref name="certificate"/>'s subject (its OU values).</summary>
    public static IReadOnlySet<string> Of(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(name => name.GetSingleElementType().Value == OrganizationalUnit)
            .Select(name => name.GetSingleElementValue() ?? "")
            .ToHashSet();

    /// <summary>This member's answer to <paramref name="challenge"/>: its key's signature over the challenge and its address.</summary>
    public static byte[] Sign(X509Certificate2 certificate, Address self, byte[] challenge)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"{certificate.Subject} has no ECDSA private key");
        return key.SignData(Signed(self, challenge), HashAlgorithmName.SHA256);
    }

    /// <summary>
    /// Why the member at <paramref name="address"/>, claiming <paramref name="claimed"/>, is refused
    /// given its answer, or null when its certificate is the cluster's, carries every claimed role and
    /// signed this challenge for this address.
    /// </summary>
    public static string? Refusal(ClusterTls tls, byte[] certificate, byte[] signature, Address address, IEnumerable<string> claimed, byte[] challenge, DateTime now)
    {
        X509Certificate2 peer;
        try
        {
            peer = X509CertificateLoader.LoadCertificate(certificate);
        }
        catch (CryptographicException)
        {
            return "it answered with something that is not a certificate";
        }

        using (peer)
        {
            if (tls.Refusal(peer, now) is { } untrusted) return untrusted;
            using var key = peer.GetECDsaPublicKey();
            if (key is null || !key.VerifyData(Signed(address, challenge), signature, HashAlgorithmName.SHA256))
                return $"its proof is not signed by the key of {peer.Subject} for {address}";
            var held = Of(peer);
            var missing = claimed.Where(role => Known.Contains(role) && !held.Contains(role)).ToList();
            return missing.Count == 0
                ? null
                : $"it claims the role {string.Join(", ", missing)} but its certificate {peer.Subject} carries {(held.Count == 0 ? "no role" : string.Join(", ", held))}";
        }
    }

    private static byte[] Signed(Address address, byte[] challenge) =>
        Encoding.UTF8.GetBytes($"sweep member roles\n{address}\n{Convert.ToHexString(challenge)}");
}

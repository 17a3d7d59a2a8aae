using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Hosting;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// Mutual TLS for cluster traffic. A node's PKCS#12 file holds its certificate with the private key
/// and the certificate of the cluster's CA; a peer is accepted only when its certificate chains to
/// that CA (not to the machine's trust store: the cluster's CA is private to the cluster). Host
/// names are not checked, since nodes come and go under names nobody knows in advance; holding a
/// certificate from the CA is what admits a node.
/// </summary>
public sealed record ClusterTls(X509Certificate2 Certificate, X509Certificate2 Authority)
{
    /// <summary>Serial numbers (hex) of member certificates this member refuses although the CA signed them.</summary>
    public IReadOnlySet<string> Revoked { get; init; } = new HashSet<string>();

    /// <summary>Loads <c>--cert</c>; a missing file, a wrong password or a file without the CA is a <see cref="SettingsException"/>.</summary>
    public static ClusterTls Load(string path, string? password)
    {
        if (!File.Exists(path))
            throw new SettingsException($"--cert: {path} does not exist. Create certificates with: sweep certs init DIR");
        X509Certificate2Collection bundle;
        try
        {
            bundle = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new SettingsException($"--cert: {path} could not be opened ({e.Message.TrimEnd('.')}); check --cert-password (or SWEEP_CERT_PASSWORD).");
        }

        var certificate = bundle.FirstOrDefault(c => c.HasPrivateKey)
                          ?? throw new SettingsException($"--cert: {path} holds no certificate with a private key.");
        var authority = bundle.FirstOrDefault(c => !c.HasPrivateKey && c.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
                        ?? throw new SettingsException($"--cert: {path} does not include the certificate of the CA that signed it; create node certificates with: sweep certs init DIR");
        return new ClusterTls(certificate, authority);
    }

    /// <summary>
    /// A CA and a member certificate that exist only in this process's memory, for a cluster that
    /// is one process (<c>sweep run</c>): its port is on loopback, but anyone on the machine could
    /// otherwise join it. The CA's key is dropped at once, so nothing else can ever hold a certificate
    /// it signed.
    /// </summary>
    public static ClusterTls ForThisProcess()
    {
        using var authority = ClusterCertificates.CreateAuthority($"sweep-{Environment.ProcessId}");
        var member = ClusterCertificates.CreateMember(authority, "member", MemberRoles.Known);   // the one process is every member
        return new ClusterTls(member, X509CertificateLoader.LoadCertificate(authority.RawData));
    }

    public SslOptions Options() => new()
    {
        X509Certificate = Certificate,
        SuppressValidation = false,
        RequireMutualAuthentication = true,
        ValidateCertificateHostname = false,
        CustomValidator = IssuedByAuthority,
    };

    private bool IssuedByAuthority(X509Certificate2? peer, X509Chain? _, string remotePeer, System.Net.Security.SslPolicyErrors __, ILoggingAdapter log)
    {
        if (Refusal(peer, DateTime.Now) is not { } reason) return true;
        log.Warning("Refused {RemotePeer}: {Reason}", remotePeer, reason);
        return false;
    }

    /// <summary>Why <paramref name="peer"/> may not join at <paramref name="now"/>, or null when it may.</summary>
    public string? Refusal(X509Certificate2? peer, DateTime now)
    {
        if (peer is null) return "it presented no certificate";
        if (!ChainsToAuthority(peer, now, ignoreTime: false))
        {
            // An expired certificate from this CA is named as such, not as a stranger's.
            if (!ChainsToAuthority(peer, now, ignoreTime: true))
                return $"its certificate {peer.Subject} is not issued by this cluster's CA ({Authority.Subject})";
            return now > peer.NotAfter
                ? $"its certificate {peer.Subject} expired on {peer.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; issue a new one with: sweep certs add DIR NAME --role ROLE"
                : $"its certificate {peer.Subject} is not valid before {peer.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC (check the clocks)";
        }

        return Revoked.Contains(peer.SerialNumber)
            ? $"its certificate {peer.Subject} (serial {peer.SerialNumber}) is revoked"
            : null;
    }

    private bool ChainsToAuthority(X509Certificate2 peer, DateTime now, bool ignoreTime)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;   // revocation is the cluster's own list (Revoked)
        chain.ChainPolicy.VerificationTime = now;
        if (ignoreTime) chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(peer);
    }
}

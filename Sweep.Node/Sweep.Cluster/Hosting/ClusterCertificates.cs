using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// A private CA and certificates signed by it for the members of one small cluster. Each member's
/// PKCS#12 file holds its key, its certificate and the CA's certificate (its trust anchor), so one
/// file and one password is all a member needs. The CA's key stays in the folder, readable by its
/// owner only, to sign members added later.
/// </summary>
public static class ClusterCertificates
{
    public const string AuthorityCertificateFile = "ca.crt";
    public const string AuthorityKeyFile = "ca.key";

    /// <summary>Revoked members' serial numbers, one per line (<c>SERIAL NAME</c>), written by <c>sweep certs revoke</c>.</summary>
    public const string RevokedFile = "revoked";
    private static readonly TimeSpan AuthorityValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan MemberValidity = TimeSpan.FromDays(825);

    public static X509Certificate2 CreateAuthority(string clusterName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clusterName} CA, O=Sweep", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(AuthorityValidity));
    }

    /// <summary>
    /// A member certificate for <paramref name="name"/>, good for both ends of a TLS connection,
    /// carrying <paramref name="roles"/> (one OU each) that the member proves to its peers (<see cref="MemberRoles"/>).
    /// </summary>
    public static X509Certificate2 CreateMember(X509Certificate2 authority, string name, IReadOnlyCollection<string> roles)
    {
        if (roles.Count == 0 || roles.Any(r => !MemberRoles.Known.Contains(r)))
            throw new ArgumentException($"roles must be some of {string.Join(", ", MemberRoles.Known)}", nameof(roles));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(name);
        foreach (var role in roles) subject.AddOrganizationalUnitName(role);
        subject.AddOrganizationName("Sweep");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));   // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        var notAfter = new[] { now.Add(MemberValidity), new DateTimeOffset(authority.NotAfter.ToUniversalTime()) }.Min();
        using var signed = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>The member's key and certificate with the CA's certificate, as one password-protected PKCS#12 file.</summary>
    /// <param name="password">Null: no password, the file's owner-only permissions protect it.</param>
    public static byte[] ExportMember(X509Certificate2 member, X509Certificate2 authority, string? password) =>
        new X509Certificate2Collection { member, X509CertificateLoader.LoadCertificate(authority.RawData) }.Export(X509ContentType.Pkcs12, password)!;

    public static void WriteAuthority(X509Certificate2 authority, string folder)
    {
        File.WriteAllText(Path.Combine(folder, AuthorityCertificateFile), authority.ExportCertificatePem());
        WritePrivate(Path.Combine(folder, AuthorityKeyFile), authority.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public static X509Certificate2 ReadAuthority(string folder) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(folder, AuthorityCertificateFile), Path.Combine(folder, AuthorityKeyFile));

    /// <summary>Creates the file readable by its owner only before anything secret is written to it.</summary>
    public static void WritePrivate(string path, string text) => WritePrivate(path, System.Text.Encoding.UTF8.GetBytes(text));

    public static void WritePrivate(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        stream.Write(bytes);
    }

    /// <summary>The serial numbers in a revocation file (the first word of each line; '#' starts a comment).</summary>
    public static HashSet<string> ReadRevoked(string path) =>
        File.ReadLines(path)
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.Length > 0)
            .Select(line => line.Split(' ', 2)[0].ToUpperInvariant())
            .ToHashSet();
}

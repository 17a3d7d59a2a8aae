namespace Sweep.Cluster.Hosting;

/// <summary>
/// The credential of a loopback cluster started without <c>--cert</c>: a private CA and one member
/// certificate, created on first use in the user's configuration folder, readable by the user only.
/// A coordinator and the nodes that the same user starts on this machine share it; a process of
/// another user (or one without the file) cannot complete the TLS handshake, so it cannot join.
/// </summary>
/// <remarks>
/// Without a password: the file's owner-only permissions are the protection, as for an SSH key.
/// The folder is <c>SWEEP_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/sweep</c>, else <c>~/.config/sweep</c>.
/// </remarks>
public static class LoopbackCredential
{
    /// <summary>The file's name; the earlier <c>loopback-cluster.pfx</c>, from before certificates carried roles, is left unused.</summary>
    public const string FileName = "loopback-member.pfx";

    public static string DefaultPath()
    {
        var folder = Environment.GetEnvironmentVariable("SWEEP_CONFIG_DIR") is { Length: > 0 } explicitDir
            ? explicitDir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "sweep");
        return Path.Combine(folder, FileName);
    }

    /// <summary>Loads the user's loopback credential, creating it first when it does not exist yet.</summary>
    public static ClusterTls LoadOrCreate(string path)
    {
        if (!File.Exists(path)) Create(path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            throw new SettingsException($"{path} is readable by other users, who could then join this user's loopback clusters. Run: chmod 600 {path}");
        return ClusterTls.Load(path, password: null);
    }

    /// <summary>Writes a new credential; two processes that race here keep the first file, and both use it.</summary>
    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var authority = ClusterCertificates.CreateAuthority($"sweep-loopback-{Environment.UserName}");
        using var member = ClusterCertificates.CreateMember(authority, "loopback", MemberRoles.Known);   // the user's own processes play every role
        var bundle = ClusterCertificates.ExportMember(member, authority, password: null);
        var building = $"{path}.{Environment.ProcessId}.new";
        ClusterCertificates.WritePrivate(building, bundle);
        try
        {
            File.Move(building, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
        finally
        {
            File.Delete(building);
        }
    }
}

using Sweep.Cluster.Hosting;

namespace Sweep.Tests.Cluster.Hosting;

/// <summary>The user's loopback credential: created once, private to its owner, shared by the user's processes.</summary>
public sealed class LoopbackCredentialTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-loopback-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void It_is_created_once_readable_by_its_owner_only_and_loaded_the_same_next_time()
    {
        var path = Path.Combine(_folder, "config", LoopbackCredential.FileName);

        var first = LoopbackCredential.LoadOrCreate(path);
        var second = LoopbackCredential.LoadOrCreate(path);

        Assert.Equal(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.Null(first.Refusal(second.Certificate, DateTime.Now));
        Assert.True(OperatingSystem.IsLinux());
        if (OperatingSystem.IsLinux()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_credential_that_others_can_read_is_refused()
    {
        var path = Path.Combine(_folder, LoopbackCredential.FileName);
        LoopbackCredential.LoadOrCreate(path);
        Assert.True(OperatingSystem.IsLinux());
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<SettingsException>(() => LoopbackCredential.LoadOrCreate(path));

        Assert.Contains("readable by other users", error.Message);
        Assert.Contains("chmod 600", error.Message);
    }

    [Fact]
    public void Two_users_credentials_do_not_admit_each_other()
    {
        var mine = LoopbackCredential.LoadOrCreate(Path.Combine(_folder, "me", LoopbackCredential.FileName));
        var theirs = LoopbackCredential.LoadOrCreate(Path.Combine(_folder, "them", LoopbackCredential.FileName));

        Assert.Contains("not issued by this cluster's CA", mine.Refusal(theirs.Certificate, DateTime.Now));
    }
}

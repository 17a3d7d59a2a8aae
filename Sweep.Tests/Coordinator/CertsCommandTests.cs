using Sweep.Cluster.Hosting;
using Sweep.Coordinator.Cli;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary><c>sweep certs</c> through the real command: members without a password, and revocation.</summary>
public sealed class CertsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-certs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Members_without_a_password_are_owner_only_files_and_can_be_revoked()
    {
        var dir = Path.Combine(_folder, "certs");

        var init = await SweepProcess.RunAsync("certs", "init", dir, "--trainers", "node-1", "--clients", "", "--no-password");
        var revoke = await SweepProcess.RunAsync("certs", "revoke", dir, "node-1");

        Assert.Equal(ExitCodes.Ok, init.ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, CertsCommand.PasswordFile)));
        var coordinator = ClusterTls.Load(Path.Combine(dir, "coordinator.pfx"), password: null);
        var node = ClusterTls.Load(Path.Combine(dir, "node-1.pfx"), password: null);
        Assert.Null(coordinator.Refusal(node.Certificate, DateTime.Now));
        Assert.Equal(["coordinator.pfx", "node-1.pfx"], Directory.GetFiles(dir, "*.pfx").Select(Path.GetFileName).Order());
        Assert.Equal([ClusterConfig.CoordinatorRole], MemberRoles.Of(coordinator.Certificate));
        Assert.Equal([TrialNode.TrainerRole], MemberRoles.Of(node.Certificate));
        Assert.True(OperatingSystem.IsLinux());
        if (OperatingSystem.IsLinux()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "node-1.pfx")));

        Assert.Equal(ExitCodes.Ok, revoke.ExitCode);
        Assert.Equal([node.Certificate.SerialNumber], ClusterCertificates.ReadRevoked(Path.Combine(dir, ClusterCertificates.RevokedFile)));
    }

    [Fact]
    public async Task A_member_added_later_carries_the_role_asked_for_and_a_role_is_required()
    {
        var dir = Path.Combine(_folder, "grow");
        Assert.Equal(ExitCodes.Ok, (await SweepProcess.RunAsync("certs", "init", dir, "--no-password")).ExitCode);

        var withoutRole = await SweepProcess.RunAsync("certs", "add", dir, "node-4", "--no-password");
        var unknownRole = await SweepProcess.RunAsync("certs", "add", dir, "node-4", "--role", "admin", "--no-password");
        var client = await SweepProcess.RunAsync("certs", "add", dir, "laptop", "--role", "client", "--no-password");

        Assert.Equal(ExitCodes.BadInput, withoutRole.ExitCode);
        Assert.Contains("--role", withoutRole.Stderr);
        Assert.Equal(ExitCodes.BadInput, unknownRole.ExitCode);
        Assert.Contains("admin", unknownRole.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "node-4.pfx")));
        Assert.Equal(ExitCodes.Ok, client.ExitCode);
        Assert.Equal([ClusterConfig.ClientRole], MemberRoles.Of(ClusterTls.Load(Path.Combine(dir, "laptop.pfx"), password: null).Certificate));
    }

    [Fact]
    public async Task A_password_and_no_password_together_are_refused_and_nothing_is_written()
    {
        var dir = Path.Combine(_folder, "both");

        var init = await SweepProcess.RunAsync("certs", "init", dir, "--no-password", "--password", "secret");

        Assert.Equal(ExitCodes.BadInput, init.ExitCode);
        Assert.Contains("--no-password: not with --password", init.Stderr);
        Assert.False(Directory.Exists(dir));
    }
}

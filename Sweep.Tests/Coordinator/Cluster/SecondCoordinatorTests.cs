using System.Net;
using System.Net.Sockets;
using Sweep.Coordinator.Cli;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator.Cluster;

/// <summary>A second coordinator on a port where the first listens is refused before it creates its database.</summary>
[Trait("Tier", "Full")]
public sealed class SecondCoordinatorTests : IDisposable
{
    private readonly TempDatabase _first = new();
    private readonly TempDatabase _second = new();

    [Fact]
    public async Task A_second_coordinator_on_the_first_ones_port_exits_2_and_creates_nothing()
    {
        var port = FreePort();
        using var first = SweepProcess.Start("coordinator", "--bind", $"127.0.0.1:{port}", "--db", _first.Path);
        try
        {
            // The first is listening once it tells workers how to join.
            string? line;
            while ((line = await first.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null && !line.Contains("Workers join with", StringComparison.Ordinal)) { }
            Assert.NotNull(line);

            var second = await SweepProcess.RunAsync("coordinator", "--bind", $"127.0.0.1:{port}", "--db", _second.Path);

            Assert.Equal(ExitCodes.BadInput, second.ExitCode);
            Assert.Contains($"--bind: 127.0.0.1:{port} is already in use", second.Stderr);
            Assert.False(File.Exists(_second.Path), "the second coordinator created its database");
            Assert.False(first.HasExited, "the first coordinator stopped");
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}

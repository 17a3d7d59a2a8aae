using System.Diagnostics;
using Sweep.Coordinator.Cli;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary>
/// A disk that fills up under a running sweep (a file size limit stands in for it, with SIGXFSZ
/// ignored so that the write fails as ENOSPC would): exit 1 with the reason, no hang, and the last
/// committed state readable.
/// </summary>
[Trait("Tier", "Full")]
public sealed class WriteFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-full-disk-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_write_that_fails_ends_the_run_with_exit_1_and_the_database_stays_readable()
    {
        var file = Path.Combine(_folder, "full.yaml");
        var database = Path.Combine(_folder, "full.db");
        File.WriteAllText(file, SweepFiles.Ring("full", seeds: 16, iterations: 100));
        var sweep = Path.Combine(AppContext.BaseDirectory, "sweep.dll");
        // 200 KiB: enough for the runtime and the sweep's first pages, not for all its trials' traces.
        var start = new ProcessStartInfo("bash", ["-c", $"trap '' XFSZ; ulimit -f 200; exec dotnet '{sweep}' run '{file}' --db '{database}' --slots 1"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _folder,
        };
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";   // the runtime's double mapping needs a file beyond the limit

        using var run = Process.Start(start)!;
        var stderr = run.StandardError.ReadToEndAsync();
        _ = run.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await run.WaitForExitAsync(timeout.Token);   // a hang fails here

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("writing failed", await stderr);
        Assert.Contains("The last committed state is intact", await stderr);

        // The last committed state reads (the leftover log is replayed in memory), and reading changes nothing.
        var before = FileHash.Of(database);
        var status = await SweepProcess.RunAsync("status", "--db", database);
        Assert.Equal(ExitCodes.Ok, status.ExitCode);
        Assert.Contains("full", status.Stdout);
        Assert.Equal(before, FileHash.Of(database));

        // With room again, the sweep resumes and finishes.
        var resumed = await SweepProcess.RunAsync("run", file, "--db", database, "--slots", "1");
        Assert.Equal(ExitCodes.Ok, resumed.ExitCode);
    }
}

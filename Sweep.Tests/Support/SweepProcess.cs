using System.Diagnostics;

namespace Sweep.Tests.Support;

/// <summary>Runs the real <c>sweep</c> command (the built sweep.dll beside the tests) as a child process.</summary>
public static class SweepProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>sweep</c> without waiting: the caller reads its lines as they come and may kill it.</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo(args))!;

    private static ProcessStartInfo StartInfo(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sweep.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }
}

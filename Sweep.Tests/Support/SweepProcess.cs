using System.Diagnostics;

namespace Sweep.Tests.Support;

/// <summary>Runs the real <c>sweep</c> command (the built sweep.dll beside the tests) as a child process.</summary>
public static class SweepProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Task<Outcome> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the child only (e.g. an empty SWEEP_CACHE_DIR).</param>
    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = StartInfo(args);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs <c>sweep</c> until its log lines so far satisfy <paramref name="killWhen"/>, then kills
    /// it with SIGKILL (no handler runs, no checkpoint is taken); returns the lines it wrote. Fails
    /// the test when the process ends first or <paramref name="limit"/> passes.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunUntilKilledAsync(string[] args, Func<IReadOnlyCollection<string>, bool> killWhen, TimeSpan limit)
    {
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Start(args);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var waited = Stopwatch.StartNew();
        while (!killWhen(log) && !process.HasExited && waited.Elapsed < limit)
            await Task.Delay(50);
        Assert.False(process.HasExited, $"sweep ended before it could be killed:\n{string.Join('\n', log)}");
        Assert.True(waited.Elapsed < limit, $"sweep did not reach the point to kill it in {limit}:\n{string.Join('\n', log)}");
        process.Kill();
        await process.WaitForExitAsync();
        return [.. log];
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

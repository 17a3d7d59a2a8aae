using System.Diagnostics;
using System.Text.Json;

namespace Sweep.Bench;

/// <summary>
/// The same training iteration in plain PyTorch (<c>Sweep.Bench/PyTorch/torch_iterations.py</c>, op for op
/// as Sweep's method), run in a child Python process with the given thread count and Sweep's malloc
/// settings. The script stays in the repository, not in the shipped binaries.
/// </summary>
public static class PyTorchPeer
{
    public const string Script = "Sweep.Coordinator/Sweep.Bench/PyTorch/torch_iterations.py";

    /// <summary>The rounds' milliseconds per iteration and 1024³ GEMM GFLOP/s, as the script measured them.</summary>
    public sealed record Rounds(IReadOnlyList<double> MillisecondsPerIteration, IReadOnlyList<double> LargeGemmGflops, string Torch, string Blas);

    /// <exception cref="InvalidOperationException">The script is not found from here, or Python or its torch fails.</exception>
    public static Rounds Run(string python, string caseName, int threads, int rounds, int iterations)
    {
        var start = new ProcessStartInfo(python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { FindScript(), "--case", caseName, "--threads", threads.ToString(), "--rounds", rounds.ToString(), "--iterations", iterations.ToString(), "--malloc-tuning" })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"{python} {Script} --case {caseName} failed (exit {child.ExitCode}): {stderr.Result.Trim()}");
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return new Rounds(
            root.GetProperty("ms_per_iteration").EnumerateArray().Select(e => e.GetDouble()).ToList(),
            root.GetProperty("gemm_1024_gflops").EnumerateArray().Select(e => e.GetDouble()).ToList(),
            root.GetProperty("torch").GetString()!, Path.GetFileName(Path.GetDirectoryName(root.GetProperty("libblas").GetString()!))!);
    }

    /// <summary>The script, from the current folder or the binary's, up to the repository's root.</summary>
    private static string FindScript()
    {
        foreach (var origin in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, Script)))
                    return Path.Combine(dir.FullName, Script);
        throw new InvalidOperationException($"{Script} is not found above this folder: run the benchmark from a clone of the repository.");
    }
}

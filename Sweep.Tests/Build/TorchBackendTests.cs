using System.Diagnostics;
using System.Text.Json;
using Sweep.Tests.Support;

namespace Sweep.Tests.Build;

/// <summary>
/// The build's libtorch flavour (<c>-p:TorchBackend=cpu|cuda</c>), checked by evaluating the training
/// project with MSBuild: the CUDA package is not served to these machines, so a CUDA restore cannot
/// run here, but which package the build would restore can be read.
/// </summary>
public sealed class TorchBackendTests
{
    private static async Task<(int ExitCode, string Output)> MsBuildAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repository.Root };
        foreach (var arg in new[] { "msbuild", Path.Combine("Sweep.Training", "Sweep.Training.csproj"), "-nologo" }.Concat(args)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static async Task<string[]> LibtorchPackagesAsync(params string[] properties)
    {
        var (code, output) = await MsBuildAsync(["-getItem:PackageReference", .. properties]);
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(p => p.GetProperty("Identity").GetString()!).Where(id => id.StartsWith("libtorch", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task The_default_build_references_the_cpu_libtorch_and_the_cuda_flavour_the_cuda_one_instead()
    {
        Assert.Equal(["libtorch-cpu-linux-x64"], await LibtorchPackagesAsync());
        Assert.Equal(["libtorch-cuda-12.8-linux-x64"], await LibtorchPackagesAsync("-p:TorchBackend=cuda"));
    }

    [Fact]
    public async Task An_unknown_flavour_is_refused_naming_the_accepted_ones()
    {
        var (code, output) = await MsBuildAsync("-t:CheckTorchBackend", "-p:TorchBackend=rocm");

        Assert.NotEqual(0, code);
        Assert.Contains("TorchBackend: 'rocm' is not a libtorch flavour Sweep builds; accepted: cpu (the default), cuda.", output);
    }

    [Fact]
    public void The_worker_image_builds_the_cuda_flavour()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "docker", "Dockerfile.worker"));

        Assert.Contains("dotnet publish Sweep.Node -c Release -p:TorchBackend=cuda", dockerfile);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Sweep.Cluster.Hosting;

/// <summary>The device each slot trains on: <c>--device cpu</c>, or GPUs shared round-robin by the slots (<c>cuda:0,cuda:1</c>).</summary>
public static partial class SlotDevices
{
    /// <param name="cudaDevices">How many CUDA devices this process can use: libtorch's count (0 in the CPU build) when null.</param>
    public static IReadOnlyList<string> Assign(string devices, int slots, string source, int? cudaDevices = null)
    {
        var names = devices.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n == "cuda" ? "cuda:0" : n).ToList();
        if (names.Count == 0 || names.Any(n => !DeviceName().IsMatch(n)))
            throw new SettingsException($"{source}: '{devices}' is not accepted; expected cpu, or CUDA devices such as cuda:0,cuda:1.");
        var cuda = names.Where(n => n != "cpu").ToList();
        if (cuda.Count > 0)
        {
            var count = cudaDevices ?? CudaDevices();
            if (count == 0)
                throw new SettingsException($"{source}: '{devices}': CUDA is not available to this process (the CPU build of Sweep has no CUDA libtorch: " +
                                            "build with -p:TorchBackend=cuda on a machine with an NVIDIA driver); use --device cpu.");
            if (cuda.FirstOrDefault(n => CudaIndex(n) >= count) is { } missing)
                throw new SettingsException($"{source}: '{devices}': there is no {missing}; this process sees {count} CUDA device(s), cuda:0 to cuda:{count - 1}.");
        }

        return Enumerable.Range(0, slots).Select(slot => names[slot % names.Count]).ToList();
    }

    /// <summary>N of a device name <see cref="Assign"/> accepted as <c>cuda:N</c>.</summary>
    public static int CudaIndex(string device) => int.Parse(device["cuda:".Length..], CultureInfo.InvariantCulture);

    private static int CudaDevices() => torch.cuda.is_available() ? torch.cuda.device_count() : 0;

    [GeneratedRegex(@"\A(cpu|cuda:\d{1,3})\z")]   // \z: "$" would accept a trailing newline
    private static partial Regex DeviceName();
}

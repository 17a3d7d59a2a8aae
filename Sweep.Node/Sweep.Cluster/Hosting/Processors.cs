using System.Runtime.InteropServices;
using Sweep.Training.Running;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// What each of a node's devices is ("Intel(R) Xeon(R) Processor @ 2.80GHz", "NVIDIA H200"), recorded
/// with every attempt: the same seed gives other numbers on another processor, as MKL and cuBLAS
/// pick their kernels by model. Read once when the node starts (<c>nvidia-smi</c> may take seconds).
/// </summary>
public static class Processors
{
    /// <summary>Added to a CPU's name when its trials flush subnormal floats to zero, which changes their numbers as a processor does.</summary>
    private const string DenormalsFlushed = ", denormals flushed to zero";

    /// <param name="gpuName">The name of CUDA device N, or null when unknown; <c>nvidia-smi</c> when null.</param>
    /// <param name="denormalsFlushed">Whether trials on the CPU flush subnormals (<see cref="DenormalFlushing"/>).</param>
    public static IReadOnlyDictionary<string, string> Describe(IEnumerable<string> devices, Func<int, string?>? gpuName = null, bool denormalsFlushed = false)
    {
        gpuName ??= index => NvidiaSmi.Query(index, "name");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var device in devices.Distinct())
        {
            var name = device == "cpu" ? Cpu() + (denormalsFlushed && DenormalFlushing.IsSupported ? DenormalsFlushed : "") : gpuName(SlotDevices.CudaIndex(device));
            if (name is not null) names[device] = name;
        }

        return names;
    }

    /// <summary>The CPU's model as Linux names it; elsewhere (or on CPUs whose cpuinfo has no model name) its architecture.</summary>
    public static string Cpu()
    {
        const string Key = "model name";
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith(Key, StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
                    return line[(colon + 1)..].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or no /proc: the architecture is what is known.
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}

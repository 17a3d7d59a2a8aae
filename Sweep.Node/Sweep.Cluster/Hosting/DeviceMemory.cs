using System.Globalization;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// How much memory each of a node's devices has, as the node registers it: the CPU's is what this
/// process may use (.NET's view, which honours container limits); a CUDA device's is what
/// <c>nvidia-smi</c> reports (TorchSharp has no query for it). A device whose memory cannot be
/// read is left out: the coordinator then takes any trial there.
/// </summary>
public static class DeviceMemory
{
    /// <param name="cudaMemory">Bytes of CUDA device N, or null when unknown; <c>nvidia-smi</c> when null.</param>
    public static IReadOnlyDictionary<string, long> Measure(IEnumerable<string> devices, Func<int, long?>? cudaMemory = null)
    {
        cudaMemory ??= MemoryOfGpu;
        var memory = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var device in devices.Distinct())
        {
            long? bytes = device == "cpu"
                ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes
                : cudaMemory(SlotDevices.CudaIndex(device));
            if (bytes is { } known) memory[device] = known;
        }

        return memory;
    }

    private static long? MemoryOfGpu(int index) =>
        long.TryParse(NvidiaSmi.Query(index, "memory.total"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var mib) ? mib * 1024 * 1024 : null;
}

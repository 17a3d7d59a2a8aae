using System.Text.RegularExpressions;

namespace Sweep.Cluster.Hosting;

/// <summary>The device each slot trains on: <c>--device cpu</c>, or GPUs shared round-robin by the slots (<c>cuda:0,cuda:1</c>).</summary>
public static partial class SlotDevices
{
    public static IReadOnlyList<string> Assign(string devices, int slots, string source)
    {
        var names = devices.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0 || names.Any(n => !DeviceName().IsMatch(n)))
            throw new SettingsException($"{source}: '{devices}' is not accepted; expected cpu, or CUDA devices such as cuda:0,cuda:1.");
        if (names.Any(n => n != "cpu"))
            // The training core runs on CPU: TorchSharp-cuda is not served to the build machines, so the CUDA path is not built or tested yet.
            throw new SettingsException($"{source}: '{devices}': the training core runs on the CPU only (it does not yet place a trial's tensors on a GPU, even in the CUDA build); use --device cpu.");
        return Enumerable.Range(0, slots).Select(slot => names[slot % names.Length]).ToList();
    }

    [GeneratedRegex(@"\A(cpu|cuda(:\d+)?)\z")]   // \z: "$" would accept a trailing newline
    private static partial Regex DeviceName();
}

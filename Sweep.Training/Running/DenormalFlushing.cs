using System.Runtime.InteropServices;

namespace Sweep.Training.Running;

/// <summary>
/// Subnormal floats (below 1.2e-38 in float32) take a microcode path on x86 that makes a matrix
/// product of them some hundred times slower (measured here: 220 ms against 1.2 ms for 500×1200
/// by 1200×128). A saturated discriminator's tiny gradients, squared in Adam's second moment, make
/// them. TensorFlow, which VEEGAN's and Metz et al.'s reference code ran on, flushes them to zero on
/// every CPU thread it runs ops on; libtorch leaves them unless asked (PyTorch's
/// <c>torch.set_flush_denormal</c>). TorchSharp 0.107 does not expose that switch, so it is called
/// here by its C++ name. Both bits it sets (flush-to-zero, denormals-are-zero) belong to the calling
/// thread, and threads it creates afterwards inherit them.
/// </summary>
public static class DenormalFlushing
{
    private static float _subnormal = 1e-40f;
    private static float _one = 1f;

    /// <summary>Whether the calling thread flushes: a subnormal input then reads as zero.</summary>
    public static bool IsOn => Volatile.Read(ref _subnormal) * Volatile.Read(ref _one) == 0f;

    /// <summary>Where Sweep can switch it: libtorch's switch is for x86 CPUs, and is called by its Linux name.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>Sets or clears flushing on the calling thread; false where libtorch or the CPU cannot.</summary>
    public static bool Set(bool on)
    {
        if (!IsSupported) return false;
        try
        {
            return SetFlushDenormal(on);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // static bool at::Context::setFlushDenormal(bool), by its Itanium C++ ABI name.
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context16setFlushDenormalEb")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool SetFlushDenormal([MarshalAs(UnmanagedType.U1)] bool on);
}

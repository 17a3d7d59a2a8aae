using System.Runtime.InteropServices;

namespace Sweep.Training.Running;

/// <summary>
/// glibc hands every allocation above its mmap threshold (at most 32 MB, adjusted as it goes)
/// straight to the kernel and back, so convolution buffers of tens of megabytes cost a page-fault
/// storm on every call (seen here: half of the image scoring's CPU time was system time). Raising
/// the threshold keeps such buffers in the heap for reuse.
/// </summary>
public static class AllocatorTuning
{
    private const int MallocMmapThreshold = -3;
    private const int MallocTrimThreshold = -1;

    /// <summary>Call once at start-up, before tensors are allocated. False where it did not apply (not glibc).</summary>
    public static bool KeepLargeBuffers(int megabytes = 512)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var bytes = megabytes * 1024 * 1024;
            // mallopt returns 1 on success.
            return Mallopt(MallocMmapThreshold, bytes) == 1 & Mallopt(MallocTrimThreshold, 2 * bytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;   // musl and other C libraries keep their defaults
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}

using System.Runtime.InteropServices;

namespace Sweep.Training.Running;

/// <summary>
/// glibc hands every allocation above its mmap threshold (at most 32 MB, adjusted as it goes)
/// straight to the kernel and back, so convolution buffers of tens of megabytes cost a page-fault
/// storm on every call (seen here: half of the image scoring's CPU time was system time). Raising
/// the threshold keeps such buffers in the heap for reuse.
/// <para>
/// Threads other than the main one allocate from heaps of their own (at most 64 MB each), and glibc
/// unmaps such a heap as soon as it is all free, so a trial thread whose step needs one more heap
/// maps, faults in and unmaps it every step (seen here: the second of two unrolled GAN trials in a
/// process spent 18% of its time in the kernel on 18 000 page faults a second, and ran at 190
/// iterations a minute against its sibling's 300). A top pad of a whole heap keeps such heaps.
/// </para>
/// </summary>
public static class AllocatorTuning
{
    private const int MallocMmapThreshold = -3;
    private const int MallocTrimThreshold = -1;
    private const int MallocTopPad = -2;
    private const int ThreadHeapBytes = 64 * 1024 * 1024;   // glibc's HEAP_MAX_SIZE on 64-bit

    /// <summary>Call once at start-up, before tensors are allocated. False where it did not apply (not glibc).</summary>
    public static bool KeepLargeBuffers(int megabytes = 512)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var bytes = megabytes * 1024 * 1024;
            // mallopt returns 1 on success.
            return Mallopt(MallocMmapThreshold, bytes) == 1
                & Mallopt(MallocTrimThreshold, 2 * bytes) == 1
                & Mallopt(MallocTopPad, ThreadHeapBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;   // musl and other C libraries keep their defaults
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}

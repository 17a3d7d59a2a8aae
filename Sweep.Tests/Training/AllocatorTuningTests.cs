using System.Runtime.InteropServices;
using Sweep.Tests.Support;

namespace Sweep.Tests.Training;

/// <summary>
/// The glibc settings <see cref="Sweep.Training.Running.AllocatorTuning"/> makes at start-up (the test
/// process makes them too, <see cref="TestProcessSetup"/>): a trial thread's step buffers stay mapped.
/// The buffers come from malloc, as libtorch's CPU tensors do (posix_memalign), without torch's own
/// threads touching their pages. In the torch collection, so that the tests allocating the most do
/// not run beside it.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class AllocatorTuningTests
{
    private const int BufferBytes = 60 << 20;                // needs nearly a whole thread heap (64 MB)
    private const int BufferPages = BufferBytes / 4096;
    private const int Steps = 10;

    /// <summary>This thread's minor page faults so far (field 10 of /proc/thread-self/stat, after the name).</summary>
    private static long MinorFaultsOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7]);
    }

    /// <summary>malloc's <paramref name="bytes"/> (AllocHGlobal on Unix), a byte written on every page, as a step's tensor is.</summary>
    private static nint Touched(int bytes)
    {
        var buffer = Marshal.AllocHGlobal(bytes);
        for (var offset = 0; offset < bytes; offset += 4096) Marshal.WriteByte(buffer, offset, 1);
        return buffer;
    }

    private static void Free(nint buffer) => Marshal.FreeHGlobal(buffer);

    [Fact]
    public void A_threads_buffer_freed_and_allocated_again_every_step_reuses_its_heap_instead_of_faulting_in_new_pages()
    {
        Assert.True(OperatingSystem.IsLinux(), "these machines are Linux");
        long faults = -1;
        Exception? failure = null;
        // A thread of its own allocates from a glibc arena other than the main one: where heaps were unmapped.
        var thread = new Thread(() =>
        {
            try
            {
                // Long-lived buffers fill the arena's heaps, so the 60 MB buffer needs a heap of its own.
                var kept = Enumerable.Range(0, 200).Select(_ => Touched(1 << 20)).ToList();
                Free(Touched(BufferBytes));
                var before = MinorFaultsOfThisThread();
                for (var step = 0; step < Steps; step++) Free(Touched(BufferBytes));
                faults = MinorFaultsOfThisThread() - before;
                kept.ForEach(Free);
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        // Unmapped on every free, each step faults the buffer in again: Steps × BufferPages (153 600). Kept,
        // none does, unless a thread sharing the arena took the free heap for a while: a step or two.
        Assert.True(faults < 3 * BufferPages, $"{faults} page faults over {Steps} steps of a {BufferPages}-page buffer");
    }
}

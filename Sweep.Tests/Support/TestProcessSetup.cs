using System.Runtime.CompilerServices;
using Sweep.Training.Running;

namespace Sweep.Tests.Support;

/// <summary>What <c>sweep</c> and <c>sweep-node</c> do at start-up, done for the test process too.</summary>
internal static class TestProcessSetup
{
    /// <summary>Keeps torch's large buffers in the heap (see <see cref="AllocatorTuning"/>): the image tests run several times faster.</summary>
#pragma warning disable CA2255 // The test assembly is the process's entry, not a library loaded into someone else's.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void KeepLargeBuffers() => _ = AllocatorTuning.KeepLargeBuffers();
}

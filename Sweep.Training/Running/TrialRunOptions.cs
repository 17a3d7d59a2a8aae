using Sweep.Training.Data.Images;
using Sweep.Training.Tracing;

namespace Sweep.Training.Running;

public sealed record TrialRunOptions
{
    public IProgress<TrialProgress>? Progress { get; init; }

    /// <summary>Report progress every this many iterations (and at the end).</summary>
    public int ProgressEvery { get; init; } = 50;

    public ICheckpointStore? Checkpoints { get; init; }

    /// <summary>What the trial's trace keeps; null records none (benchmarks).</summary>
    public TraceOptions? Trace { get; init; } = TraceOptions.Default;

    /// <summary>When to checkpoint while running; null: only when cancelled.</summary>
    public CheckpointCadence? Checkpointing { get; init; }

    /// <summary>The slot's device, as libtorch names it ("cpu", "cuda:0"): every tensor of the trial lives there.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Flush subnormal floats to zero on the trial's CPU threads (<see cref="DenormalFlushing"/>), as
    /// TensorFlow does: a saturated discriminator makes them, and they slow its steps (an unrolled
    /// GAN on hd1200: 297 iterations a minute flushed, 215 not). Changes a trial's numbers only where
    /// subnormals arise, as another processor's kernels would.
    /// </summary>
    public bool FlushDenormals { get; init; } = true;

    /// <summary>Where image data lives on this node; the environment's (<c>SWEEP_CACHE_DIR</c>, <c>SWEEP_DATA_DIR</c>) when null.</summary>
    public DataLocations? Data { get; init; }

    /// <summary>
    /// Memory this process may use, for <see cref="Specs.TrialMemory"/>'s check: .NET's view, which
    /// honours container limits and <c>DOTNET_GCHeapHardLimit</c>.
    /// </summary>
    public long MemoryAvailable { get; init; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
}

namespace Sweep.Training.Running;

public sealed record TrialRunOptions
{
    public IProgress<TrialProgress>? Progress { get; init; }

    /// <summary>Report progress every this many iterations (and at the end).</summary>
    public int ProgressEvery { get; init; } = 50;

    public ICheckpointStore? Checkpoints { get; init; }

    /// <summary>Checkpoint every this many iterations; 0 = only when cancelled.</summary>
    public int CheckpointEvery { get; init; }
}

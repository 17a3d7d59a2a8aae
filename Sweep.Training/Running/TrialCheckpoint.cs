namespace Sweep.Training.Running;

/// <summary>Everything needed to continue a trial bit-identically: networks, optimisers, RNG state.</summary>
public sealed record TrialCheckpoint(string TrialId, int Iteration, byte[] State);

/// <summary>Where a trial's checkpoints live (LiteDB in a sweep, memory in tests).</summary>
public interface ICheckpointStore
{
    TrialCheckpoint? Latest(string trialId);

    void Save(TrialCheckpoint checkpoint);
}

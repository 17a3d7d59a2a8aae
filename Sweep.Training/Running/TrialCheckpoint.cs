namespace Sweep.Training.Running;

/// <summary>Everything needed to continue a trial bit-identically: networks, optimisers, RNG state.</summary>
public sealed record TrialCheckpoint(string TrialId, int Iteration, byte[] State)
{
    /// <summary>How checkpoints are named and checked wherever they travel or are stored: SHA-256 in lowercase hex.</summary>
    public static string Sha256Of(ReadOnlySpan<byte> state) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(state));
}

/// <summary>Where a trial's checkpoints live (LiteDB in a sweep, memory in tests).</summary>
public interface ICheckpointStore
{
    TrialCheckpoint? Latest(string trialId);

    void Save(TrialCheckpoint checkpoint);
}

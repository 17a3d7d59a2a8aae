namespace Sweep.Store;

/// <summary>
/// A trial's checkpoint as the database knows it: the iteration it continues from and the file
/// that holds it, named by its SHA-256 (<see cref="CheckpointFiles"/>).
/// </summary>
public sealed record StoredCheckpoint(int Iteration, string Sha256, long Length);

using System.Collections.Concurrent;
using Sweep.Training.Running;

namespace Sweep.Tests.Support;

/// <summary>Checkpoints kept in memory; counts saves so tests can see when they happened.</summary>
public sealed class MemoryCheckpointStore : ICheckpointStore
{
    private readonly ConcurrentDictionary<string, TrialCheckpoint> _latest = new();

    public int Saves { get; private set; }

    public TrialCheckpoint? Latest(string trialId) => _latest.GetValueOrDefault(trialId);

    public void Save(TrialCheckpoint checkpoint)
    {
        _latest[checkpoint.TrialId] = checkpoint;
        Saves++;
    }
}

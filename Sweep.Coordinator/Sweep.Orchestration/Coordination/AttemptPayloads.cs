using Sweep.Cluster.Protocol;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// Traces arrive in pieces (a remote frame is small; a trace is a few hundred KB, sent once at the
/// end, unlike checkpoints, which stream: <see cref="CheckpointTransfers"/>); this puts each back
/// together per trial. A whole trace waits here until its attempt ends, when it is stored or dropped.
/// </summary>
public sealed class AttemptPayloads
{
    private readonly Dictionary<string, ChunkAssembly> _traceParts = [];
    private readonly Dictionary<string, byte[]> _traces = [];

    /// <summary>Adds a piece of a trace; a whole trace replaces the trial's earlier one.</summary>
    public void AddTracePiece(string trialId, int index, int count, byte[] bytes)
    {
        if (Assemble(_traceParts, trialId, index, count, bytes) is { } whole) _traces[trialId] = whole;
    }

    /// <summary>The trial's whole trace, if one arrived, and forgets everything about the attempt.</summary>
    public byte[]? TakeTrace(string trialId)
    {
        var trace = _traces.GetValueOrDefault(trialId);
        Forget(trialId);
        return trace;
    }

    /// <summary>Drops whatever arrived from the trial's attempt: it is over, and a later attempt sends its own.</summary>
    public void Forget(string trialId)
    {
        _traceParts.Remove(trialId);
        _traces.Remove(trialId);
    }

    private static byte[]? Assemble(Dictionary<string, ChunkAssembly> incoming, string trialId, int index, int count, byte[] bytes)
    {
        if (!incoming.TryGetValue(trialId, out var parts))
            incoming[trialId] = parts = new ChunkAssembly();
        if (parts.Add(index, count, bytes) is not { } whole) return null;
        incoming.Remove(trialId);
        return whole;
    }
}

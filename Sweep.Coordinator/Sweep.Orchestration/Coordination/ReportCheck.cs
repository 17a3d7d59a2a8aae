using Sweep.Cluster.Protocol;
using Sweep.Training.Running;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// What a node's report must hold before the coordinator acts on it. A report that fails here costs
/// its attempt (it runs again, counted), never the coordinator: one node's bug, or a peer's forgery,
/// must not stop every sweep.
/// </summary>
public static class ReportCheck
{
    /// <summary>
    /// The most bytes one checkpoint or trace may have: the largest real checkpoints (a full-width
    /// image trial's networks and Adam moments) are a few hundred MB.
    /// </summary>
    public const long MaxPayloadBytes = 1L << 30;

    /// <summary>The most pieces of <see cref="PayloadChunks.ChunkBytes"/> one payload may come in.</summary>
    public const int MaxChunks = (int)(MaxPayloadBytes / PayloadChunks.ChunkBytes);

    /// <returns>null for a well-formed report, else what is wrong with it.</returns>
    public static string? Problem(ITrialReport report) => report switch
    {
        TrialStarted s when s.StartIteration < 0 => $"it started at iteration {s.StartIteration}",
        TrialHeartbeat h when h.Iteration < 0 || h.Iterations < 0 => $"its heartbeat says iteration {h.Iteration} of {h.Iterations}",
        TrialCheckpointOffer c when c.Length is <= 0 or > MaxPayloadBytes => $"it offered a checkpoint of {c.Length} bytes",
        TrialCheckpointOffer c when c.Iteration < 0 => $"it offered a checkpoint of iteration {c.Iteration}",
        TrialCheckpointOffer c when !IsSha256(c.Sha256) => "it offered a checkpoint without a SHA-256 in lowercase hex",
        TrialCheckpointOffer { Bytes: null } => "it offered a checkpoint without its bytes",
        TrialTraceChunk t when !ChunkFits(t.Index, t.Count, t.Bytes) => $"trace piece {t.Index} of {t.Count} does not fit",
        TrialEnded e => EndProblem(e),
        _ => null,
    };

    private static bool IsSha256(string? hash) => hash is { Length: 64 } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static bool ChunkFits(int index, int count, byte[]? bytes) =>
        count is > 0 and <= MaxChunks && index >= 0 && index < count && bytes is { Length: <= PayloadChunks.ChunkBytes };

    private static string? EndProblem(TrialEnded ended) => ended.Result switch
    {
        null => "it ended without a result",
        { TrialId: var id } when id != ended.TrialId => $"it ended with the result of trial {id}",
        { Outcome: TrialOutcome.Completed, Metrics: null } => "it completed without metrics",
        { Outcome: TrialOutcome.Failed, Failure: null } => "it failed without a reason",
        { Iterations: < 0 } or { StartIteration: < 0 } => "its result counts negative iterations",
        _ => null,
    };
}

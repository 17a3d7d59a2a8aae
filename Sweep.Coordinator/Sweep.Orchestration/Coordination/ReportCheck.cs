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
    /// <summary>The most pieces one checkpoint or trace may come in (48 KiB each: 48 GiB).</summary>
    public const int MaxChunks = 1 << 20;

    /// <returns>null for a well-formed report, else what is wrong with it.</returns>
    public static string? Problem(ITrialReport report) => report switch
    {
        TrialStarted s when s.StartIteration < 0 => $"it started at iteration {s.StartIteration}",
        TrialHeartbeat h when h.Iteration < 0 || h.Iterations < 0 => $"its heartbeat says iteration {h.Iteration} of {h.Iterations}",
        TrialCheckpointChunk c when !ChunkFits(c.Index, c.Count, c.Bytes) => $"checkpoint piece {c.Index} of {c.Count} does not fit",
        TrialTraceChunk t when !ChunkFits(t.Index, t.Count, t.Bytes) => $"trace piece {t.Index} of {t.Count} does not fit",
        TrialEnded e => EndProblem(e),
        _ => null,
    };

    private static bool ChunkFits(int index, int count, byte[]? bytes) =>
        count is > 0 and <= MaxChunks && index >= 0 && index < count && bytes is not null;

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

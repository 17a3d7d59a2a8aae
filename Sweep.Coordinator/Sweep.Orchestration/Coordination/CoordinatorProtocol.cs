using Sweep.Cluster.Protocol;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Running;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// Run (or resume) the sweep described by a sweep file's text. A grid that differs from the stored
/// one is refused unless <see cref="Extend"/> is set.
/// </summary>
/// <param name="Source">Where the YAML came from, for messages (a path, or "stored definition").</param>
public sealed record SubmitSweep(string Yaml, string Source, bool Extend) : ISweepMessage;

/// <summary>
/// The sweep is running. Counts are as stored before this run; <see cref="Unfinished"/> trials will
/// run, and their ids follow in <see cref="SweepTrialsListed"/> pieces: no reply grows with the sweep,
/// whose ids would outgrow one remote frame past a few thousand trials.
/// </summary>
public sealed record SweepAccepted(
    string Name, int Total, IReadOnlyDictionary<TrialState, int> Counts,
    int Unfinished, int FromCheckpoint, IReadOnlyList<string> Changes) : ISweepMessage;

/// <summary>Ids of trials an accepted sweep will run, at most <see cref="PieceSize"/> per message, after its <see cref="SweepAccepted"/>.</summary>
public sealed record SweepTrialsListed(string Name, IReadOnlyList<string> TrialIds) : ISweepMessage
{
    /// <summary>2 000 ids of 16 hex characters: about 40 KB of JSON, a third of a frame.</summary>
    public const int PieceSize = 2_000;
}

/// <summary>Nothing was run or written, for <see cref="Reason"/>.</summary>
public sealed record SweepRefused(string Reason) : ISweepMessage;

/// <summary>A sweep was created, extended or taken up again: its definition and every trial are stored (sent to subscribers).</summary>
public sealed record SweepStored(string Name) : ISweepMessage;

/// <summary>Every trial of the sweep has reached its final state.</summary>
public sealed record SweepFinished(string Name) : ISweepMessage;

/// <summary>Send me <see cref="TrialChanged"/>, <see cref="TrialProgressed"/>, <see cref="SweepStored"/>, <see cref="SweepFinished"/> and <see cref="CoordinatorFaulted"/>.</summary>
/// <param name="Batched">
/// Take each flush's changes as one <see cref="TrialsChanged"/> instead of a <see cref="TrialChanged"/> each, and
/// an admitted sweep as a read (<see cref="SweepReading"/>, <see cref="SweepRead"/>) instead of <see cref="SweepStored"/>:
/// a live view, which keeps every trial.
/// </param>
public sealed record Subscribe(bool Batched = false) : ISweepMessage;

/// <summary>A trial's stored record changed (state, attempt, node or results); sent once the change is durable.</summary>
public sealed record TrialChanged(TrialStatus Trial, TrialState Previous) : ISweepMessage;

/// <summary>
/// A trial as subscribers see it: what a live view or a log line shows. A message of its own rather
/// than the store's record, so the database may change shape without changing the protocol.
/// </summary>
/// <param name="Spec">The canonical JSON of the trial's spec.</param>
public sealed record TrialStatus(
    string Id, string Spec, TrialState State, int Attempt, int Failures, string? Node,
    int Iteration, int StartIteration, double Seconds, TrialMetrics? Metrics, string? Error,
    DateTime? StartedUtc = null, DateTime? FinishedUtc = null, int? Categories = null, bool? Retryable = null, string? Device = null,
    string? Processor = null, string? ImportedFrom = null) : ISweepMessage;

/// <summary>The changes of one flush, in order, for a batched subscriber.</summary>
public sealed record TrialsChanged(IReadOnlyList<TrialChanged> Changes) : ISweepMessage;

/// <summary>A heartbeat's progress, not stored.</summary>
public sealed record TrialProgressed(string TrialId, int Attempt, int Iteration, int Iterations, double? DiscriminatorLoss, double? GeneratorLoss, bool WaitingForSlot = false) : ISweepMessage;

/// <summary>The store failed: the coordinator stopped scheduling and writes nothing more.</summary>
public sealed record CoordinatorFaulted(string Reason) : ISweepMessage;

/// <summary>Stop dispatching, stop every running attempt (they checkpoint) and reply <see cref="Drained"/> once none runs.</summary>
public sealed record Drain : ISweepMessage;

/// <summary>Nothing runs any more; interrupted trials are pending again with their checkpoints stored.</summary>
public sealed record Drained(int Interrupted) : ISweepMessage;

/// <summary>Reply with <see cref="SweepSummarized"/>: the sweep as stored now, or <see cref="SweepRefused"/> when there is no such sweep.</summary>
public sealed record SummarizeSweep(string Name) : ISweepMessage;

public sealed record SweepSummarized(SweepSummary Summary) : ISweepMessage;

/// <summary>Reply with <see cref="NodeList"/>: the nodes whose slots the coordinator holds now.</summary>
public sealed record ListNodes : ISweepMessage;

/// <summary>Registered nodes with their slots and the trials running there.</summary>
public sealed record NodeList(IReadOnlyList<NodeList.Node> Nodes) : ISweepMessage
{
    /// <param name="Devices">Each slot's device ("cpu", "cuda:0", ...).</param>
    /// <param name="Memory">Bytes of each device whose memory the node reported.</param>
    public sealed record Node(string Key, int Slots, int Running, bool Reachable, bool Leaving, IReadOnlyList<string> Devices, IReadOnlyDictionary<string, long>? Memory = null);
}

using Akka.Streams;
using Sweep.Training.Running;

namespace Sweep.Cluster.Protocol;

/// <summary>What a trial entity tells the coordinator; an older attempt's reports are dropped there.</summary>
public interface ITrialReport : ISweepMessage
{
    string TrialId { get; }
    int Attempt { get; }
}

/// <summary>The attempt holds a slot and is training from <see cref="StartIteration"/>.</summary>
/// <param name="Processor">What the device is (a CPU's or GPU's model); null when the node could not tell.</param>
public sealed record TrialStarted(string TrialId, int Attempt, string NodeKey, string Device, int StartIteration, string? Processor = null) : ITrialReport;

/// <summary>
/// Sent on a timer from the moment an attempt arrives: liveness and the latest progress (null
/// losses before the first report); <see cref="WaitingForSlot"/> while the node's slots are all held.
/// </summary>
public sealed record TrialHeartbeat(
    string TrialId, int Attempt, int Iteration, int Iterations,
    double? DiscriminatorLoss, double? GeneratorLoss, bool WaitingForSlot = false) : ITrialReport;

/// <summary>
/// A checkpoint to keep, so any node can resume the trial from it. Its bytes do not travel in
/// this message: the coordinator pulls them through <see cref="Bytes"/> (an Akka.Streams
/// SourceRef, so they move with backpressure, in pieces between which heartbeats pass), writes
/// them to a file, checks <see cref="Length"/> and <see cref="Sha256"/>, and answers with
/// <see cref="CheckpointAnswered"/>.
/// </summary>
public sealed record TrialCheckpointOffer(string TrialId, int Attempt, int Iteration, long Length, string Sha256, ISourceRef<byte[]> Bytes) : ITrialReport;

/// <summary>
/// One piece of a completed or failed attempt's <see cref="Sweep.Training.Tracing.TrialTrace"/> (as
/// <see cref="Sweep.Training.Tracing.TraceFormat"/> bytes); every piece comes before the attempt's
/// <see cref="TrialEnded"/>, and the coordinator stores the whole for the trial's pictures.
/// </summary>
public sealed record TrialTraceChunk(string TrialId, int Attempt, int Index, int Count, byte[] Bytes) : ITrialReport;

/// <summary>The attempt is over: completed, failed, or cancelled after checkpointing.</summary>
public sealed record TrialEnded(string TrialId, int Attempt, TrialResult Result) : ITrialReport;

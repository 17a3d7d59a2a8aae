using Akka.Streams;

namespace Sweep.Cluster.Protocol;

/// <summary>
/// A coordinator's command to one trial entity. Sharding routes it by <see cref="NodeKey"/>: the
/// coordinator picks the node with a free slot, and the shard id names that node, so placement
/// follows capacity instead of a hash.
/// </summary>
public interface ITrialCommand : ISweepMessage
{
    string TrialId { get; }
    int Attempt { get; }
    string NodeKey { get; }
}

/// <summary>
/// Train attempt <see cref="Attempt"/> of a trial. With <see cref="Resumes"/> the attempt waits
/// for a <see cref="ResumeFrom"/> naming the checkpoint to continue from.
/// </summary>
/// <param name="SpecJson">The trial's canonical spec JSON (strings travel; specs are rebuilt on the node).</param>
public sealed record StartTrial(string TrialId, int Attempt, string NodeKey, string SpecJson, bool Resumes = false) : ITrialCommand;

/// <summary>
/// The checkpoint a resuming <see cref="StartTrial"/> continues from: its bytes stream from the
/// coordinator's file with backpressure (<see cref="Bytes"/>), and the node checks them against
/// <see cref="Sha256"/> before training from them. Null bytes: no intact checkpoint is left, the
/// attempt starts from iteration 0.
/// </summary>
public sealed record ResumeFrom(
    string TrialId, int Attempt, string NodeKey, int Iteration, string? Sha256, long Length, ISourceRef<byte[]>? Bytes) : ITrialCommand;

/// <summary>
/// The coordinator's answer to a <see cref="TrialCheckpointOffer"/>, sent to the entity that
/// offered it: stored (the trial resumes from it from now on), or not (the previous one stands).
/// The entity offers its next checkpoint only after this, so checkpoints never pile up.
/// </summary>
public sealed record CheckpointAnswered(string TrialId, int Attempt, int Iteration, bool Stored) : ISweepMessage;

/// <summary>Stop the attempt, checkpoint it and report it as cancelled (Ctrl-C, a node leaving).</summary>
public sealed record StopTrial(string TrialId, int Attempt, string NodeKey) : ITrialCommand;

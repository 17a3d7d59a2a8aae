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
/// Train attempt <see cref="Attempt"/> of a trial. With <see cref="CheckpointChunks"/> &gt; 0 it
/// resumes from the checkpoint of <see cref="CheckpointIteration"/>, which follows in that many
/// <see cref="ResumeChunk"/>s.
/// </summary>
/// <param name="SpecJson">The trial's canonical spec JSON (strings travel; specs are rebuilt on the node).</param>
public sealed record StartTrial(
    string TrialId, int Attempt, string NodeKey, string SpecJson,
    int CheckpointIteration = 0, int CheckpointChunks = 0) : ITrialCommand;

/// <summary>One piece of the checkpoint a <see cref="StartTrial"/> resumes from (see <see cref="PayloadChunks"/>).</summary>
public sealed record ResumeChunk(string TrialId, int Attempt, string NodeKey, int Index, int Count, byte[] Bytes) : ITrialCommand;

/// <summary>Stop the attempt, checkpoint it and report it as cancelled (Ctrl-C, a node leaving).</summary>
public sealed record StopTrial(string TrialId, int Attempt, string NodeKey) : ITrialCommand;

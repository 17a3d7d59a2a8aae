using Sweep.Training.Running;

namespace Sweep.Cluster.Trials;

/// <summary>How a trial entity reports: heartbeat period, progress granularity, checkpoint cadence and what its devices are.</summary>
public sealed record TrialEntitySettings
{
    /// <summary>Heartbeats carry the latest progress; the coordinator declares an attempt lost after several missed ones.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int ProgressEvery { get; init; } = 25;

    /// <summary>When a running trial checkpoints, so a killed node loses little (null: only when stopped).</summary>
    public CheckpointCadence? Checkpointing { get; init; } = CheckpointCadence.Default;

    /// <summary>How long an offered checkpoint may go unanswered before the entity gives up on it (the previous one stands).</summary>
    public TimeSpan CheckpointAnswerTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Flush subnormal floats to zero on the trials' CPU threads (see <c>DenormalFlushing</c>).</summary>
    public bool FlushDenormals { get; init; } = true;

    /// <summary>What each of the node's devices is (see <c>Processors</c>), reported with every attempt; a device not named here is reported as unknown.</summary>
    public IReadOnlyDictionary<string, string> Processors { get; init; } = new Dictionary<string, string>();
}

namespace Sweep.Cluster.Trials;

/// <summary>How a trial entity reports: heartbeat period, progress granularity and checkpoint cadence.</summary>
public sealed record TrialEntitySettings
{
    /// <summary>Heartbeats carry the latest progress; the coordinator declares an attempt lost after several missed ones.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int ProgressEvery { get; init; } = 25;

    /// <summary>Checkpoint every this many iterations (0: only when stopped), so a killed node loses little.</summary>
    public int CheckpointEvery { get; init; } = 250;
}

namespace Sweep.Orchestration.Coordination;

/// <summary>Failure handling: how many attempts a trial gets and when a silent attempt counts as lost.</summary>
public sealed record CoordinatorSettings
{
    /// <summary>Attempts per trial; retryable failures and lost attempts use them up, then the trial is Abandoned.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>An attempt not heard from for this long is lost (its node died or hangs) and is dispatched again.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan HeartbeatCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On start, carry on with every stored sweep that has unfinished trials (a cluster coordinator
    /// restarted on its database). The embedded run leaves this off: it runs the sweep it was given.
    /// </summary>
    public bool ResumeStoredSweeps { get; init; }
}

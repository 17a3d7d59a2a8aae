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
    /// A trial found running when the coordinator starts was running when its process died. After
    /// this many such deaths in a row with no new checkpoint between them, the trial is taken to be
    /// what kills the process (a native crash in libtorch, say) and is Abandoned instead of crashing
    /// every restart. Generous, so that a user who stops a run with SIGKILL is not charged.
    /// </summary>
    public int MaxInterruptionsWithoutProgress { get; init; } = 5;

    /// <summary>
    /// On start, carry on with every stored sweep that has unfinished trials (a cluster coordinator
    /// restarted on its database). The embedded run leaves this off: it runs the sweep it was given.
    /// </summary>
    public bool ResumeStoredSweeps { get; init; }

    /// <summary>Hears of dispatches, stored checkpoints and flushes (the HTTP server's metrics).</summary>
    public ICoordinatorObserver Observer { get; init; } = ICoordinatorObserver.None;
}

namespace Sweep.Coordinator.Cli;

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a context).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

public static class SyncProgress
{
    public static SyncProgress<Sweep.Training.Running.TrialProgress> Of(Action<Sweep.Training.Running.TrialProgress> report) => new(report);
}

namespace Sweep.Training.Running;

/// <summary>
/// An IProgress that calls back on the reporting thread. <see cref="Progress{T}"/> would post to a
/// synchronisation context; the runner's callers need the report before the next iteration starts.
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

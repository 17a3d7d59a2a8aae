namespace Sweep.Orchestration.Live;

/// <summary>
/// Where <see cref="LiveSweepsActor"/> publishes the latest <see cref="LiveState"/> for readers on
/// other threads (the HTTP server), and how they wait for the next one without polling.
/// </summary>
public sealed class LiveBoard
{
    private LiveState _current = LiveState.Empty;
    private TaskCompletionSource _changed = NewSignal();

    public LiveState Current => Volatile.Read(ref _current);

    /// <summary>True once the stored sweeps were read: before that, an unknown name may only be not read yet.</summary>
    public bool Loaded { get; private set; }

    /// <summary>Completes when a state newer than <paramref name="version"/> is published (at once if one is).</summary>
    public Task ChangedAfter(long version, CancellationToken cancellation)
    {
        var signal = Volatile.Read(ref _changed).Task;
        return Current.Version > version ? Task.CompletedTask : signal.WaitAsync(cancellation);
    }

    internal void Publish(LiveState state, bool loaded)
    {
        Volatile.Write(ref _current, state);
        Loaded |= loaded;
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

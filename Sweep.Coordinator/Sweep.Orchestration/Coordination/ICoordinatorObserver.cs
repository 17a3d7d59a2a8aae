namespace Sweep.Orchestration.Coordination;

/// <summary>
/// What the coordinator reports as it works, for metrics: called on the coordinator's thread, so
/// an implementation only counts (no I/O, no locks held for long).
/// </summary>
public interface ICoordinatorObserver
{
    /// <summary>An attempt was dispatched to a slot.</summary>
    void Dispatched();

    /// <summary>A checkpoint of this many bytes was stored.</summary>
    void CheckpointStored(long bytes);

    /// <summary>A batch of trial changes was written to the database in one transaction.</summary>
    void Flushed(TimeSpan took, int records);

    public static ICoordinatorObserver None { get; } = new Nobody();

    private sealed class Nobody : ICoordinatorObserver
    {
        public void Dispatched()
        {
        }

        public void CheckpointStored(long bytes)
        {
        }

        public void Flushed(TimeSpan took, int records)
        {
        }
    }
}

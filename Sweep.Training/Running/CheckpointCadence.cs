using System.Diagnostics;

namespace Sweep.Training.Running;

/// <summary>
/// When a running trial checkpoints: once <see cref="Interval"/> of wall time has passed since its
/// start or its last checkpoint, and never before <see cref="MinIterations"/> more iterations. Time,
/// not iterations, bounds the work a crash loses whatever the device: a DCGAN iteration takes
/// ~10 ms on a GPU and seconds on a CPU. A trial also checkpoints when stopped (hand-over, drain).
/// </summary>
/// <param name="Interval">Zero makes the cadence purely by iterations.</param>
/// <param name="MinIterations">At least 1.</param>
public sealed record CheckpointCadence(TimeSpan Interval, int MinIterations)
{
    /// <summary>Every 5 minutes, at most once per 100 iterations.</summary>
    public static readonly CheckpointCadence Default = new(TimeSpan.FromMinutes(5), 100);

    /// <summary>Every <paramref name="iterations"/> iterations whatever the time: tests and the simulated trainer.</summary>
    public static CheckpointCadence EveryIterations(int iterations) => new(TimeSpan.Zero, iterations);

    public int MinIterations { get; } = MinIterations >= 1 ? MinIterations : throw new ArgumentOutOfRangeException(nameof(MinIterations), MinIterations, "at least 1");

    /// <summary>Starts the clock for a trial that begins (or resumes) at <paramref name="iteration"/>.</summary>
    public Clock Start(int iteration) => new(this, iteration);

    /// <summary>One trial's position in its cadence; used on the training thread only.</summary>
    public sealed class Clock(CheckpointCadence cadence, int iteration)
    {
        private int _lastIteration = iteration;
        private long _lastTimestamp = Stopwatch.GetTimestamp();

        /// <summary>True when the trial, now after <paramref name="iteration"/>, should checkpoint; the clock then restarts.</summary>
        public bool Due(int iteration)
        {
            if (iteration - _lastIteration < cadence.MinIterations) return false;
            if (Stopwatch.GetElapsedTime(_lastTimestamp) < cadence.Interval) return false;
            _lastIteration = iteration;
            _lastTimestamp = Stopwatch.GetTimestamp();
            return true;
        }
    }
}

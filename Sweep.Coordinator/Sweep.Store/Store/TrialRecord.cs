using LiteDB;
using Sweep.Training.Running;

namespace Sweep.Store;

/// <summary>
/// One trial as stored, keyed by its TrialId (a hash of its spec): every write is an upsert, and a
/// trial shared by two sweeps is one record.
/// </summary>
public sealed record TrialRecord
{
    [BsonId]
    public string Id { get; init; } = "";

    /// <summary>The canonical JSON of the trial's spec.</summary>
    public string Spec { get; init; } = "";

    public TrialState State { get; init; }

    /// <summary>The current attempt; messages about older attempts are dropped.</summary>
    public int Attempt { get; init; }

    /// <summary>Retryable failures so far, counted against the retry limit.</summary>
    public int Failures { get; init; }

    /// <summary>How many times in a row the trial's process died while it ran with no new checkpoint between (see CoordinatorSettings).</summary>
    public int Interruptions { get; init; }

    /// <summary>The checkpoint iteration the trial had at its last interruption; a later one is progress.</summary>
    public int? InterruptedAtCheckpoint { get; init; }

    public string? Node { get; init; }

    /// <summary>The device of the slot the trial last ran on ("cpu", "cuda:0"); null for trials run before Sweep recorded it.</summary>
    public string? Device { get; init; }

    /// <summary>What that device is (a CPU's or GPU's model): the same seed gives other numbers on another processor. Null for trials run before Sweep recorded it.</summary>
    public string? Processor { get; init; }
    public int Iteration { get; init; }
    public int StartIteration { get; init; }
    public DateTime? StartedUtc { get; init; }
    public DateTime? FinishedUtc { get; init; }
    public double Seconds { get; init; }

    /// <summary>Modes and high quality under the paper's rule (VEEGAN's, as written).</summary>
    public int? Modes { get; init; }
    public int? MaxModes { get; init; }
    public double? HighQuality { get; init; }

    /// <summary>hd1200 only: modes and high quality under the typical-shell rule, on the same samples.</summary>
    public int? ShellModes { get; init; }
    public double? ShellHighQuality { get; init; }

    public double? Kl { get; init; }
    public double? IvomMean { get; init; }
    public double? IvomStd { get; init; }
    public int? Categories { get; init; }

    public string? Error { get; init; }
    public bool? Retryable { get; init; }

    /// <summary>Where a result was read from when it was not run against this database (<c>sweep import</c>); null for a trial run here.</summary>
    public string? ImportedFrom { get; init; }

    /// <summary>
    /// A time as reading it back from the database gives it: as LiteDB keeps it (UTC milliseconds
    /// since 1970, read back in local time). A live copy kept from messages equals the stored record
    /// only with its times so; done by hand, not by a round trip through BSON, as it runs for every change.
    /// </summary>
    public static DateTime? StoredTime(DateTime? time) =>
        time is { } t ? DateTime.UnixEpoch.AddMilliseconds((long)(t.ToUniversalTime() - DateTime.UnixEpoch).TotalMilliseconds).ToLocalTime() : null;

    /// <summary>The metrics as the trial reported them (all null until it completes).</summary>
    public TrialMetrics Metrics() => new(Modes, MaxModes, HighQuality, Kl, IvomMean, IvomStd, ShellModes, ShellHighQuality);
}

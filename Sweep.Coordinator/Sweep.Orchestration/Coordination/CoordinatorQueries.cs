using Sweep.Cluster.Protocol;

namespace Sweep.Orchestration.Coordination;

/// <summary>Reply with <see cref="SweepsListed"/>: the names of the stored sweeps.</summary>
public sealed record ListSweeps : ISweepMessage;

public sealed record SweepsListed(IReadOnlyList<string> Names) : ISweepMessage;

/// <summary>
/// Reply with <see cref="SweepReading"/> at once, then <see cref="SweepRead"/> pieces: the sweep
/// and its trials as stored, read in one go, sent <see cref="SweepRead.PieceSize"/> trials a piece
/// (no message grows with a sweep). Changes flushed after <see cref="SweepReading"/> may or may not
/// be in the read, so a reader that follows <see cref="TrialChanged"/> applies those again over it
/// once the last piece has come.
/// </summary>
public sealed record ReadSweep(string Name) : ISweepMessage;

/// <param name="Read">The read's number: a later read of the same sweep (e.g. the one a coordinator sends a live
/// view when it admits the sweep) supersedes an earlier one, whose pieces a reader drops.</param>
public sealed record SweepReading(string Name, long Read = 0) : ISweepMessage;

/// <param name="Sweep">null when there is no such sweep, or reading failed (<paramref name="Error"/>).</param>
/// <param name="Trials">Some of its trials in grid order, as subscribers see them (<see cref="TrialChanged"/>).</param>
/// <param name="Last">The read's last piece.</param>
/// <param name="Read">The number of the read it belongs to (<see cref="SweepReading.Read"/>).</param>
public sealed record SweepRead(string Name, SweepFacts? Sweep, IReadOnlyList<TrialStatus> Trials, string? Error, bool Last = true, long Read = 0) : ISweepMessage
{
    /// <summary>As <see cref="SweepTrialsListed.PieceSize"/>: a piece stays well inside one remote frame.</summary>
    public const int PieceSize = 1_000;
}

/// <summary>A stored sweep as messages carry it: its file, the fingerprint of its grid, and its trials' ids in grid order.</summary>
public sealed record SweepFacts(string Name, string Fingerprint, string Definition, DateTime CreatedUtc, IReadOnlyList<string> TrialIds) : ISweepMessage;

/// <summary>Reply with <see cref="TraceRead"/>: a finished trial's stored trace (snapshots and curves), in its stored form.</summary>
public sealed record ReadTrace(string TrialId) : ISweepMessage;

/// <param name="Trace">null when the trial has none (yet), or reading failed (<paramref name="Error"/>).</param>
public sealed record TraceRead(string TrialId, byte[]? Trace, string? Error) : ISweepMessage;

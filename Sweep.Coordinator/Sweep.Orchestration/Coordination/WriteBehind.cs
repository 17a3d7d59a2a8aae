using Sweep.Store;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// Changes to trial records wait here until the next flush writes them all in one transaction;
/// it also holds the latest record of every trial in flight, which the coordinator reads instead
/// of the database. Records of trials no longer in flight are forgotten once written.
/// </summary>
public sealed class WriteBehind
{
    private readonly Dictionary<string, TrialRecord> _records = [];

    /// <summary>Trials changed since the last flush, with the state the database holds for them.</summary>
    private readonly Dictionary<string, TrialState> _dirty = [];
    private readonly Dictionary<string, byte[]> _traces = [];
    private bool _flushRequested;

    public int Unwritten => _dirty.Count;

    public TrialRecord? Find(string trialId) => _records.GetValueOrDefault(trialId);

    public bool Holds(string trialId) => _records.ContainsKey(trialId);

    /// <summary>
    /// Takes a changed record. Returns true when it is the first change since the last flush:
    /// the caller schedules one then (once for any number of changes).
    /// </summary>
    /// <param name="stored">The state the database holds, when this object has not seen the trial before; Pending if not given.</param>
    public bool Update(TrialRecord trial, TrialState? stored = null)
    {
        var previous = _records.TryGetValue(trial.Id, out var old) ? old.State : stored ?? TrialState.Pending;
        _records[trial.Id] = trial;
        _dirty.TryAdd(trial.Id, previous);
        if (_flushRequested) return false;
        _flushRequested = true;
        return true;
    }

    /// <summary>A newer copy (progress) of a held record that needs no write of its own: it goes with the trial's next change.</summary>
    public void Refresh(TrialRecord trial)
    {
        if (_records.ContainsKey(trial.Id)) _records[trial.Id] = trial;
    }

    /// <summary>A finished trial's trace, written by the next flush.</summary>
    public void AddTrace(string trialId, byte[] trace) => _traces[trialId] = trace;

    /// <summary>
    /// Writes every change and trace through <paramref name="save"/> (one call) and returns the
    /// changes written, with the state each trial had before. Nothing to write: no call.
    /// </summary>
    public IReadOnlyList<TrialChange> Flush(Action<IReadOnlyCollection<TrialRecord>, IReadOnlyDictionary<string, byte[]>> save)
    {
        _flushRequested = false;
        if (_dirty.Count == 0 && _traces.Count == 0) return [];
        var changes = _dirty.Select(d => new TrialChange(_records[d.Key], d.Value)).ToList();
        save(changes.Select(c => c.Trial).ToList(), new Dictionary<string, byte[]>(_traces));
        _dirty.Clear();
        _traces.Clear();
        foreach (var change in changes.Where(c => c.Trial.State is not (TrialState.Dispatched or TrialState.Running)))
            _records.Remove(change.Trial.Id);
        return changes;
    }
}

/// <summary>A trial record as written, and the state it had before.</summary>
public sealed record TrialChange(TrialRecord Trial, TrialState Previous);

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// The attempts in flight — which attempt of a trial is the current one — and when each was last
/// heard from, so that a silent one can be declared lost. Times come from the caller's clock.
/// </summary>
/// <remarks>
/// Silence the coordinator caused itself is never charged to an attempt. Checks are expected every
/// <c>checkInterval</c>; when one comes late, the coordinator was too busy to read its mailbox
/// (admitting a large sweep, a slow disk, a paused process), and heartbeats may be waiting unread
/// behind that work. The lateness is added to every attempt's allowance.
/// </remarks>
public sealed class AttemptTracker(TimeSpan timeout, TimeSpan checkInterval)
{
    private readonly Dictionary<string, Attempt> _inFlight = [];
    private DateTime? _lastCheck;

    public int Count => _inFlight.Count;

    public IEnumerable<string> TrialIds => _inFlight.Keys;

    /// <summary>The trial's attempt <paramref name="attempt"/> was dispatched at <paramref name="now"/>; it replaces any earlier one.</summary>
    public void Begin(string trialId, int attempt, DateTime now) => _inFlight[trialId] = new Attempt(attempt, now);

    public bool IsCurrent(string trialId, int attempt) => _inFlight.TryGetValue(trialId, out var current) && current.Number == attempt;

    public void Heard(string trialId, DateTime now)
    {
        if (_inFlight.TryGetValue(trialId, out var current)) _inFlight[trialId] = current with { LastHeard = now };
    }

    /// <summary>The attempt ended (or was given up): it is no longer in flight.</summary>
    public void End(string trialId) => _inFlight.Remove(trialId);

    /// <summary>The trials whose attempts have been silent for longer than the timeout at <paramref name="now"/>; they stay in flight until <see cref="End"/>.</summary>
    public IReadOnlyList<string> Silent(DateTime now)
    {
        var late = _lastCheck is { } last ? now - last - checkInterval : TimeSpan.Zero;
        _lastCheck = now;
        if (late > TimeSpan.Zero)
            foreach (var (id, attempt) in _inFlight.ToList())
                _inFlight[id] = attempt with { LastHeard = attempt.LastHeard + late };
        return _inFlight.Where(a => now - a.Value.LastHeard > timeout).Select(a => a.Key).ToList();
    }

    private readonly record struct Attempt(int Number, DateTime LastHeard);
}

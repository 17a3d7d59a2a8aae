using Akka.Actor;

namespace Sweep.Orchestration.Coordination;

/// <summary>The sweeps running now, each with the trials it still waits for and who to tell when none is left.</summary>
public sealed class ActiveSweeps
{
    private readonly Dictionary<string, ActiveSweep> _sweeps = [];

    public bool IsRunning(string name) => _sweeps.ContainsKey(name);

    /// <summary>Starts (or restarts, for a new submitter) a sweep; returns it, finished already when nothing is unfinished.</summary>
    /// <param name="groups">An adaptive sweep's groups, which may grow while it runs.</param>
    public ActiveSweep Start(string name, IEnumerable<string> unfinished, IActorRef submitter, AdaptiveGroups? groups = null)
    {
        var sweep = new ActiveSweep(name, [.. unfinished], submitter, groups);
        if (sweep.Unfinished.Count > 0) _sweeps[name] = sweep;
        else _sweeps.Remove(name);
        return sweep;
    }

    /// <summary>The running adaptive sweeps the trial is a seed of, with its group in each.</summary>
    public IEnumerable<(ActiveSweep Sweep, int Group)> GroupsOf(string trialId) =>
        _sweeps.Values.Where(s => s.Groups?.GroupOf(trialId) is not null).Select(s => (s, s.Groups!.GroupOf(trialId)!.Value)).ToList();

    /// <summary>An adaptive sweep's new trials: it waits for them too, and is active again if it had nothing left (resumed with every seed final).</summary>
    public void Grew(ActiveSweep sweep, IEnumerable<string> trialIds)
    {
        sweep.Unfinished.UnionWith(trialIds);
        if (sweep.Unfinished.Count > 0) _sweeps[sweep.Name] = sweep;
    }

    /// <summary>The trial reached a final state: returns the sweeps it was the last unfinished trial of, which stop being active.</summary>
    public IReadOnlyList<ActiveSweep> TrialFinished(string trialId)
    {
        var done = _sweeps.Values.Where(s => s.Unfinished.Remove(trialId) && s.Unfinished.Count == 0).ToList();
        foreach (var sweep in done) _sweeps.Remove(sweep.Name);
        return done;
    }
}

/// <summary>A running sweep: its trials not yet final, who submitted it, and its groups when its seeds are adaptive.</summary>
public sealed record ActiveSweep(string Name, HashSet<string> Unfinished, IActorRef Submitter, AdaptiveGroups? Groups)
{
    public bool Finished => Unfinished.Count == 0;
}

using System.Diagnostics.CodeAnalysis;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// Trials waiting for a slot, by id, each at most once. Interrupted trials go to the front (they
/// have a checkpoint and were not at fault); new and retried trials to the back.
/// </summary>
public sealed class WaitingTrials
{
    private readonly LinkedList<string> _order = new();
    private readonly HashSet<string> _queued = [];

    public int Count => _order.Count;

    public bool Contains(string trialId) => _queued.Contains(trialId);

    /// <summary>Adds the trial at the back; false (and no change) when it is already queued.</summary>
    public bool Enqueue(string trialId)
    {
        if (!_queued.Add(trialId)) return false;
        _order.AddLast(trialId);
        return true;
    }

    /// <summary>Adds the trial at the front; false (and no change) when it is already queued.</summary>
    public bool EnqueueFirst(string trialId)
    {
        if (!_queued.Add(trialId)) return false;
        _order.AddFirst(trialId);
        return true;
    }

    /// <summary>
    /// Takes the first of the first <paramref name="scan"/> waiting trials that <paramref name="fits"/>
    /// (a trial too large for every free slot does not hold back those behind it); false when none does.
    /// </summary>
    public bool TryDequeueFirst(Func<string, bool> fits, int scan, [NotNullWhen(true)] out string? trialId)
    {
        if (Find(fits, scan) is not { } entry)
        {
            trialId = null;
            return false;
        }

        trialId = entry.Value;
        _order.Remove(entry);
        _queued.Remove(trialId);
        return true;
    }

    /// <summary>The first of the first <paramref name="scan"/> waiting trials that <paramref name="matches"/>, left where it is; null when none does.</summary>
    public string? FirstWhere(Func<string, bool> matches, int scan) => Find(matches, scan)?.Value;

    private LinkedListNode<string>? Find(Func<string, bool> matches, int scan)
    {
        var looked = 0;
        for (var entry = _order.First; entry is not null && looked < scan; entry = entry.Next, looked++)
            if (matches(entry.Value)) return entry;
        return null;
    }

    public bool TryDequeue([NotNullWhen(true)] out string? trialId)
    {
        trialId = _order.First?.Value;
        if (trialId is null) return false;
        _order.RemoveFirst();
        _queued.Remove(trialId);
        return true;
    }
}

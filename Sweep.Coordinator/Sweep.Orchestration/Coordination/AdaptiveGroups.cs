using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Specs;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// The groups of a running adaptive sweep (<see cref="AdaptiveSeeds"/>) and the seeds each has:
/// which group a trial is in, and, once all of a group's seeds are final, the trials of the seeds
/// it needs next. Everything is derived from the sweep's definition and its stored trial ids, so a
/// coordinator that restarts after a crash makes the same decisions again.
/// </summary>
public sealed class AdaptiveGroups
{
    private readonly AdaptiveSeeds _rule;
    private readonly IReadOnlyList<SweepGrid.Cell> _cells;
    private readonly List<string>[] _trials;
    private readonly Dictionary<string, int> _cellOf = new(StringComparer.Ordinal);

    private AdaptiveGroups(AdaptiveSeeds rule, IReadOnlyList<SweepGrid.Cell> cells)
    {
        _rule = rule;
        _cells = cells;
        _trials = [.. cells.Select(_ => new List<string>())];
    }

    /// <summary>Each group's seeds 1, 2, ... as far as <paramref name="trialIds"/> (the sweep's stored ids) have them.</summary>
    public static AdaptiveGroups Of(SweepDefinition definition, IReadOnlyCollection<string> trialIds)
    {
        var groups = new AdaptiveGroups(definition.Adaptive!, SweepGrid.Cells(definition));
        var stored = trialIds.ToHashSet(StringComparer.Ordinal);
        for (var cell = 0; cell < groups._cells.Count; cell++)
            for (var seed = 1; seed <= groups._rule.Max; seed++)
            {
                var id = groups.IdOf(cell, seed);
                if (!stored.Contains(id)) break;
                groups.Add(cell, id);
            }

        return groups;
    }

    public int Count => _cells.Count;

    /// <summary>The group (cell of the grid) the trial is a seed of; null when it is none of this sweep's.</summary>
    public int? GroupOf(string trialId) => _cellOf.TryGetValue(trialId, out var cell) ? cell : null;

    public string Label(int cell) => $"{_cells[cell].Dataset}/{_cells[cell].Method}/{_cells[cell].Init}/{_cells[cell].Noise}";

    public IReadOnlyList<string> TrialsOf(int cell) => _trials[cell];

    /// <summary>
    /// When every seed of the group is final and the rule asks for more: the next seeds' trials,
    /// pending, now counted as the group's. Nothing otherwise.
    /// </summary>
    /// <param name="record">The trial's current record (the coordinator's, which may not be stored yet).</param>
    public (IReadOnlyList<TrialRecord> Added, double? HalfWidth) Grow(int cell, Func<string, TrialRecord> record)
    {
        var records = _trials[cell].Select(record).ToList();
        var values = records.Where(r => r.State == TrialState.Completed).Select(r => SeedMetrics.ValueOf(r, _rule.Metric)).OfType<double>().ToList();
        var (state, halfWidth) = _rule.Judge(records.Count, records.All(r => r.State.IsFinal()), values);
        if (state != AdaptiveSeeds.State.Adding) return ([], halfWidth);
        var added = _rule.Next(records.Count).Select(seed =>
        {
            var json = _cells[cell].Request(seed).Resolve().CanonicalJson();
            return new TrialRecord { Id = TrialSpec.IdOf(json), Spec = json, State = TrialState.Pending };
        }).ToList();
        foreach (var trial in added) Add(cell, trial.Id);
        return (added, halfWidth);
    }

    private string IdOf(int cell, int seed) => _cells[cell].Request(seed).Resolve().TrialId;

    private void Add(int cell, string trialId)
    {
        _trials[cell].Add(trialId);
        _cellOf[trialId] = cell;
    }
}

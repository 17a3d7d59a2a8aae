using System.Collections.Immutable;
using Sweep.Orchestration.Coordination;
using Sweep.Store;

namespace Sweep.Orchestration.Live;

/// <summary>A stored sweep as the live view holds it: its record and its trials' latest stored records.</summary>
public sealed record LiveSweep(SweepRecord Sweep, ImmutableDictionary<string, TrialRecord> Trials)
{
    /// <summary>The trials in grid order, as exports list them.</summary>
    public IReadOnlyList<TrialRecord> InGridOrder() =>
        Sweep.TrialIds.Select(id => Trials.GetValueOrDefault(id)).OfType<TrialRecord>().ToList();
}

/// <summary>A running trial's last heartbeat: not stored, so known only to a live view.</summary>
public sealed record LiveProgress(int Attempt, int Iteration, int Iterations, double? DiscriminatorLoss, double? GeneratorLoss, DateTime AtUtc);

/// <summary>
/// Everything a live view shows, as of one moment; immutable, so any thread may read it while the
/// next one is built. <see cref="Version"/> grows with every change.
/// </summary>
/// <param name="Fault">Why the coordinator stopped scheduling, once it has.</param>
public sealed record LiveState(
    long Version,
    ImmutableSortedDictionary<string, LiveSweep> Sweeps,
    ImmutableDictionary<string, LiveProgress> Progress,
    IReadOnlyList<NodeList.Node> Nodes,
    string? Fault)
{
    public static LiveState Empty { get; } = new(0, ImmutableSortedDictionary<string, LiveSweep>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, LiveProgress>.Empty, [], null);

    /// <summary>A trial's latest record, from whichever sweep holds it.</summary>
    public TrialRecord? FindTrial(string trialId) =>
        Sweeps.Values.Select(s => s.Trials.GetValueOrDefault(trialId)).FirstOrDefault(t => t is not null);

    /// <summary>The sweeps a trial belongs to (a trial shared by two sweeps is one record).</summary>
    public IReadOnlyList<string> SweepsOf(string trialId) => Sweeps.Values.Where(s => s.Trials.ContainsKey(trialId)).Select(s => s.Sweep.Name).ToList();
}

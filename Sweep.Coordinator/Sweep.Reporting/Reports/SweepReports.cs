using Sweep.Store;

namespace Sweep.Reporting;

/// <summary>Loads a stored sweep with its trials, in grid order, for reports and exports.</summary>
public static class SweepReports
{
    /// <returns>null when the database holds no sweep of that name.</returns>
    public static SweepReport? Load(SweepStore store, string name) =>
        store.FindSweep(name) is { } sweep ? Of(store, sweep) : null;

    /// <summary>Every stored sweep, in the order they were created.</summary>
    public static IReadOnlyList<SweepReport> All(SweepStore store) => store.Sweeps().Select(sweep => Of(store, sweep)).ToList();

    private static SweepReport Of(SweepStore store, SweepRecord sweep) => new(sweep, store.Trials(sweep.TrialIds));
}

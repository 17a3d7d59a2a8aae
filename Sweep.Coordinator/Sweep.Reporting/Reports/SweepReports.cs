using Sweep.Store;

namespace Sweep.Reporting;

/// <summary>Loads a stored sweep with its trials, in grid order, for reports and exports.</summary>
public static class SweepReports
{
    /// <returns>null when the database holds no sweep of that name.</returns>
    public static SweepReport? Load(SweepStore store, string name) =>
        store.FindSweep(name) is { } sweep ? new SweepReport(sweep, store.Trials(sweep.TrialIds)) : null;
}

using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Cli;

/// <summary>Finds a stored sweep by name, or says which names the database has.</summary>
public static class SweepNames
{
    public static SweepReport Require(SweepStore store, string name) =>
        SweepReports.Load(store, name) ?? throw new UsageException(Unknown(store, name));

    public static SweepRecord RequireRecord(SweepStore store, string name) =>
        store.FindSweep(name) ?? throw new UsageException(Unknown(store, name));

    private static string Unknown(SweepStore store, string name)
    {
        var names = store.Sweeps().Select(s => s.Name).ToList();
        return names.Count == 0
            ? $"{store.Path} holds no sweeps yet; run one with: sweep run FILE --db {store.Path}"
            : $"no sweep named '{name}' in {store.Path}{(Suggestions.Closest(name, names) is { } close ? $" (did you mean '{close}'?)" : "")}. Sweeps there: {string.Join(", ", names)}.";
    }
}

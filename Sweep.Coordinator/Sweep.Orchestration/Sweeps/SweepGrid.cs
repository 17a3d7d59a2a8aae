using System.Security.Cryptography;
using System.Text;
using Sweep.Training.Specs;

namespace Sweep.Orchestration.Sweeps;

/// <summary>The cartesian product of a sweep's axes as fully resolved trials, and the grid's fingerprint.</summary>
public static class SweepGrid
{
    /// <summary>One combination of the grid's axes with its effective settings and the overrides (by index) that shaped them.</summary>
    public sealed record Cell(string Dataset, string Method, string Init, string Noise, TrialSettings Settings, IReadOnlyList<int> Overrides)
    {
        public TrialRequest Request(int seed) => new()
        {
            Dataset = Dataset, Method = Method, Init = Init, Noise = Noise, Seed = seed,
            Iterations = Settings.Iterations, Preset = Settings.Preset, Overrides = Settings.Set,
        };
    }

    /// <summary>
    /// Seed is the outer loop, so the first trials dispatched form one complete replicate of the
    /// grid; overrides apply in file order after the sweep-wide settings.
    /// </summary>
    public static IReadOnlyList<TrialSpec> Expand(SweepDefinition sweep)
    {
        var cells = Cells(sweep);
        return [.. sweep.Seeds.SelectMany(seed => cells.Select(cell => cell.Request(seed).Resolve()))];
    }

    public static IReadOnlyList<Cell> Cells(SweepDefinition sweep)
    {
        var cells = new List<Cell>();
        foreach (var dataset in sweep.Datasets)
        foreach (var method in sweep.Methods)
        foreach (var init in sweep.Inits)
        foreach (var noise in sweep.Noises)
        {
            var matching = Enumerable.Range(0, sweep.Overrides.Count).Where(i => sweep.Overrides[i].Matches(dataset, method, init, noise)).ToList();
            var settings = matching.Aggregate(sweep.Settings, (current, i) => current.Then(sweep.Overrides[i].Settings));
            cells.Add(new Cell(dataset, method, init, noise, settings, matching));
        }

        return cells;
    }

    /// <summary>A hash of the set of trial ids: equal for the same grid whatever the order its axes are written in.</summary>
    public static string Fingerprint(IEnumerable<TrialSpec> trials) => Fingerprint(trials.Select(t => t.TrialId));

    public static string Fingerprint(IEnumerable<string> trialIds)
    {
        var ids = string.Join('\n', trialIds.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..16];
    }
}

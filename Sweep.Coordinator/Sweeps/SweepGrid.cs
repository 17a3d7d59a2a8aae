using System.Security.Cryptography;
using System.Text;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Sweeps;

/// <summary>The cartesian product of a sweep's axes as fully resolved trials, and the grid's fingerprint.</summary>
public static class SweepGrid
{
    /// <summary>
    /// Seed is the outer loop, so the first trials dispatched form one complete replicate of the
    /// grid; overrides apply in file order after the sweep-wide settings.
    /// </summary>
    public static IReadOnlyList<TrialSpec> Expand(SweepDefinition sweep)
    {
        var trials = new List<TrialSpec>();
        foreach (var seed in sweep.Seeds)
        foreach (var dataset in sweep.Datasets)
        foreach (var method in sweep.Methods)
        foreach (var init in sweep.Inits)
        foreach (var noise in sweep.Noises)
        {
            var settings = sweep.Overrides
                .Where(o => o.Matches(dataset, method, init, noise))
                .Aggregate(sweep.Settings, (current, o) => current.Then(o.Settings));
            trials.Add(new TrialRequest
            {
                Dataset = dataset, Method = method, Init = init, Noise = noise, Seed = seed,
                Iterations = settings.Iterations, Preset = settings.Preset, Overrides = settings.Set,
            }.Resolve());
        }

        return trials;
    }

    /// <summary>A hash of the set of trial ids: equal for the same grid whatever the order its axes are written in.</summary>
    public static string Fingerprint(IEnumerable<TrialSpec> trials) => Fingerprint(trials.Select(t => t.TrialId));

    public static string Fingerprint(IEnumerable<string> trialIds)
    {
        var ids = string.Join('\n', trialIds.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..16];
    }
}

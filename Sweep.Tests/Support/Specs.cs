using Sweep.Training.Specs;

namespace Sweep.Tests.Support;

/// <summary>Small trial specs for tests: CPU-sized budgets, fixed seeds.</summary>
public static class Specs
{
    public static TrialSpec Trial(string dataset, string method, string init = "normal", string noise = "unimodal",
        int seed = 1, int iterations = 50, string? preset = null, params (string Key, string Value)[] set) =>
        new TrialRequest
        {
            Dataset = dataset, Method = method, Init = init, Noise = noise, Seed = seed, Iterations = iterations, Preset = preset,
            Overrides = set.Select(s => new KeyValuePair<string, string>(s.Key, s.Value)).ToArray(),
        }.Resolve();
}

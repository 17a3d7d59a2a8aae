using System.Text.Json;
using Sweep.Coordinator.Cli;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary><c>sweep compare</c> as a user runs it: the real command in a child process, on a stored sweep in a LiteDB file.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private void Store()
    {
        var trials = new[] { ("normal", new[] { 2, 3, 1 }), ("covering", new[] { 8, 7, 6 }) }
            .SelectMany(level => level.Item2.Select((modes, i) =>
            {
                var spec = Specs.Trial("ring", "gan", level.Item1, seed: i + 1);
                return new TrialRecord { Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Modes = modes, MaxModes = 8, HighQuality = 0.5 };
            })).ToList();
        using var store = _database.Open();
        store.SaveSweep(new SweepRecord { Name = "inits", Fingerprint = "f", Definition = "name: inits", TrialIds = trials.Select(t => t.Id).ToList() }, trials);
    }

    [Fact]
    public async Task Compares_covering_with_normal_in_markdown_and_json()
    {
        Store();

        var markdown = await SweepProcess.RunAsync("compare", "inits", "--axis", "init", "--db", _database.Path);
        var json = await SweepProcess.RunAsync("compare", "inits", "--axis", "init", "--format", "json", "--db", _database.Path);

        Assert.Equal(ExitCodes.Ok, markdown.ExitCode);
        Assert.Contains("# Sweep inits: init compared on modes", markdown.Stdout);
        // 3 against 3, no value shared: the exact test, U = 9 of 9, p = 2/20.
        Assert.Contains("| ring/gan/unimodal | covering | normal | 3 | 3 | 5.00 [", markdown.Stdout);
        Assert.Contains("| 1.00 [1.00, 1.00] | 9.0 | 0.1000 (exact) | 0.1000 |", markdown.Stdout);
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        using var document = JsonDocument.Parse(json.Stdout);
        var pair = document.RootElement.GetProperty("comparison").GetProperty("pairs")[0];
        Assert.Equal(("covering", "normal", 0.1), (pair.GetProperty("x").GetString(), pair.GetProperty("y").GetString(), Math.Round(pair.GetProperty("p_value").GetDouble(), 12)));
    }

    [Fact]
    public async Task An_axis_the_sweep_does_not_vary_and_a_metric_it_lacks_are_refused_naming_what_it_has()
    {
        Store();

        var noise = await SweepProcess.RunAsync("compare", "inits", "--axis", "noise", "--db", _database.Path);
        var kl = await SweepProcess.RunAsync("compare", "inits", "--axis", "init", "--metric", "kl", "--db", _database.Path);
        var unknown = await SweepProcess.RunAsync("compare", "inits", "--axis", "seed", "--db", _database.Path);

        Assert.Equal(ExitCodes.BadInput, noise.ExitCode);
        Assert.Contains("--axis noise: sweep 'inits' has one noise (unimodal); axes it varies: init.", noise.Stderr);
        Assert.Equal(ExitCodes.BadInput, kl.ExitCode);
        Assert.Contains("--metric kl: no completed trial of sweep 'inits' has it; it has: modes, high_quality.", kl.Stderr);
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
        Assert.Contains("Argument 'seed' not recognized. Must be one of:", unknown.Stderr);
        Assert.All(new[] { "'init'", "'noise'", "'method'", "'dataset'" }, axis => Assert.Contains(axis, unknown.Stderr));
    }
}

using System.Text.RegularExpressions;
using Sweep.Coordinator.Cli;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary>
/// An adaptive sweep in a real <c>sweep run</c> process with real training, killed with SIGKILL
/// while its groups are growing and run again: no seed is trained twice or skipped, and every
/// group stops where the rule says.
/// </summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed partial class AdaptiveSeedKillTests : IDisposable
{
    // The target 0 settles a group only when every seed captured the same number of modes.
    private const string SweepFile = """
        name: adaptive-killed
        grid:
          dataset: ring
          method: gan
          init: [normal, covering]
          seed: {start: 2, max: 6, step: 2, until: {metric: modes, ci95_halfwidth: 0}}
        preset: lo17
        iterations: 2000
        set:
          d_steps: 1
          batch_size: 64
          covering_steps: 20
          categories: 8
        """;

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Killed_while_groups_grow_it_resumes_without_training_a_seed_twice_or_skipping_one()
    {
        var file = Path.Combine(_database.Folder, "adaptive.yaml");
        await File.WriteAllTextAsync(file, SweepFile);
        string[] run = ["run", file, "--db", _database.Path, "--slots", "2", "--threads-per-trial", "1"];

        // Killed once a group has grown (a seed past the start is running) and three trials have completed.
        await SweepProcess.RunUntilKilledAsync(run, log => log.Any(l => Grown().IsMatch(l)) && log.Count(l => Completed().IsMatch(l)) >= 3, TimeSpan.FromMinutes(4));

        List<string> completedBeforeKill;
        using (var killed = _database.Open())
            completedBeforeKill = killed.Trials(killed.FindSweep("adaptive-killed")!.TrialIds).Where(t => t.State == TrialState.Completed).Select(t => t.Id).ToList();

        var second = await SweepProcess.RunAsync(run);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.Stderr);
        var completedAfter = second.Stderr.Split('\n').Select(l => Completed().Match(l)).Where(m => m.Success).Select(m => m.Groups["id"].Value).ToList();
        Assert.Empty(completedBeforeKill.Intersect(completedAfter));
        Assert.Equal(completedAfter.Count, completedAfter.Distinct().Count());

        using var store = _database.Open();
        var sweep = store.FindSweep("adaptive-killed")!;
        var trials = store.Trials(sweep.TrialIds);
        Assert.Equal(sweep.TrialIds.Count, sweep.TrialIds.Distinct().Count());
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.Equal(trials.Count, completedBeforeKill.Count + completedAfter.Count);

        var rule = SweepFileReader.Read(SweepFile, "adaptive.yaml").Adaptive!;
        foreach (var group in trials.GroupBy(t => ParsedSpecs.Of(t.Spec).Init))
        {
            var bySeed = group.OrderBy(t => ParsedSpecs.Of(t.Spec).Seed).ToList();
            var n = bySeed.Count;
            // Seeds 1..n, none missing, none twice; n is the start or one of the steps after it.
            Assert.Equal(Enumerable.Range(1, n), bySeed.Select(t => ParsedSpecs.Of(t.Spec).Seed));
            Assert.Contains(n, new[] { 2, 4, 6 });
            var modes = bySeed.Select(t => (double)t.Modes!.Value).ToList();
            // It stopped where the rule stops, and not a round earlier.
            Assert.NotEqual(AdaptiveSeeds.State.Adding, rule.Judge(n, finished: true, modes).State);
            if (n > rule.Start)
                Assert.Equal(AdaptiveSeeds.State.Adding, rule.Judge(n - rule.Step, finished: true, modes.Take(n - rule.Step).ToList()).State);
        }
    }

    [GeneratedRegex(@"Trial (?<id>[0-9a-f]{16}) .+? completed:")]
    private static partial Regex Completed();

    [GeneratedRegex(@"/seed [3-6] Running attempt")]
    private static partial Regex Grown();
}

using System.Text.RegularExpressions;
using Sweep.Coordinator.Cli;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary>
/// A real <c>sweep run</c> process with real training, killed with SIGKILL mid-sweep and run
/// again: nothing completed is lost or trained again, and every trial ends completed exactly once.
/// </summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed partial class SweepKillTests : IDisposable
{
    private const string SweepFile = """
        name: killed
        grid:
          dataset: ring
          method: gan
          init: [normal, covering]
          noise: [unimodal, multimodal]
          seed: 2
        preset: lo17
        iterations: 600
        set:
          d_steps: 1
          batch_size: 128
          covering_steps: 50
          categories: 8
        """;

    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_sweep_killed_with_sigkill_resumes_without_losing_or_retraining_completed_trials()
    {
        var file = Path.Combine(_database.Folder, "killed.yaml");
        await File.WriteAllTextAsync(file, SweepFile);
        string[] run = ["run", file, "--db", _database.Path, "--slots", "2", "--threads-per-trial", "1"];

        var firstLog = await SweepProcess.RunUntilKilledAsync(run, log => log.Count(l => Completed().IsMatch(l)) >= 3, TimeSpan.FromMinutes(4));

        // What the database holds is what survived; a "completed" line may still have been in the
        // killed process's buffer when it died, so the log can show fewer than were stored.
        var logged = firstLog.Select(l => Completed().Match(l)).Where(m => m.Success).Select(m => m.Groups["id"].Value).ToList();
        List<string> completedBeforeKill;
        using (var killed = _database.Open())
            completedBeforeKill = killed.Trials(killed.FindSweep("killed")!.TrialIds).Where(t => t.State == TrialState.Completed).Select(t => t.Id).ToList();
        Assert.Subset(completedBeforeKill.ToHashSet(), logged.ToHashSet());
        Assert.InRange(completedBeforeKill.Count, 3, 7);

        var second = await SweepProcess.RunAsync(run);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.Stderr);

        var completedAfter = second.Stderr.Split('\n').Select(l => Completed().Match(l)).Where(m => m.Success).Select(m => m.Groups["id"].Value).ToList();
        var rerun = second.Stderr.Split('\n').Select(l => Started().Match(l)).Where(m => m.Success).Select(m => m.Groups["id"].Value).ToHashSet();
        Assert.Empty(completedBeforeKill.Intersect(rerun));
        Assert.Empty(completedBeforeKill.Intersect(completedAfter));
        Assert.Equal(8, completedBeforeKill.Concat(completedAfter).Distinct().Count());
        Assert.Equal(8, completedBeforeKill.Count + completedAfter.Count);

        using var store = _database.Open();
        var trials = store.Trials(store.FindSweep("killed")!.TrialIds);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.All(trials.Where(t => completedBeforeKill.Contains(t.Id)), t => Assert.Equal(1, t.Attempt));
        Assert.All(trials, t => Assert.False(store.HasCheckpoint(t.Id)));
    }

    [GeneratedRegex(@"Trial (?<id>[0-9a-f]{16}) .+? completed:")]
    private static partial Regex Completed();

    [GeneratedRegex(@"Trial (?<id>[0-9a-f]{16}) .+? (Dispatched|Running) attempt")]
    private static partial Regex Started();

    public void Dispose() => _database.Dispose();
}

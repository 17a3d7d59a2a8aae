using Sweep.Coordinator.Cli;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary><c>sweep status</c> on an adaptive sweep, as a user runs it: each group's seeds, its half-width against the target, and its state.</summary>
public sealed class AdaptiveStatusTests : IDisposable
{
    private const string Yaml = """
        name: growing
        grid:
          dataset: ring
          method: gan
          init: [normal, covering]
          seed: {start: 3, max: 10, until: {metric: modes, ci95_halfwidth: 0.6}}
        iterations: 50
        """;

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Status_shows_each_groups_seeds_half_width_and_state()
    {
        var decision = SweepAdmission.Admit(SweepFileReader.Read(Yaml, "growing.yaml"), Yaml, null, _ => [], extend: false, DateTime.UtcNow);
        // normal: 8, 8, 8 (no spread: settled); covering: 1, 8 done and seed 3 still running.
        var trials = decision.NewTrials.Select(t => ParsedSpecs.Of(t.Spec) is var spec && spec.Init == Sweep.Training.Specs.InitKind.Normal
            ? t with { State = TrialState.Completed, Modes = 8, MaxModes = 8, HighQuality = 0.5 }
            : spec.Seed == 3 ? t with { State = TrialState.Running }
            : t with { State = TrialState.Completed, Modes = spec.Seed == 1 ? 1 : 8, MaxModes = 8, HighQuality = 0.5 });
        using (var store = _database.Open()) store.SaveSweep(decision.Sweep, trials);

        var status = await SweepProcess.RunAsync("status", "growing", "--db", _database.Path);

        Assert.Equal(ExitCodes.Ok, status.ExitCode);
        Assert.Contains("growing: adaptive seeds, modes until ±0.6 (95% CI), 3 to 10 seeds, 1 at a time", status.Stdout);
        Assert.Contains("  ring/gan/normal/unimodal: 3 seed(s), 3 completed, 95% CI half-width 0 (target 0.6): settled", status.Stdout);
        Assert.Contains("  ring/gan/covering/unimodal: 3 seed(s), 2 completed, 95% CI half-width — (n < 3) (target 0.6): running", status.Stdout);
    }
}

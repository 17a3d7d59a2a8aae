using System.Collections.Concurrent;
using Sweep.Cluster.Trials;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Tests.Support;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>
/// Adaptive seeds through the real embedded path (cluster, coordinator, LiteDB file): groups get
/// seeds until their interval is narrow enough, with results scripted by seed so the stopping
/// points can be worked out by hand.
/// </summary>
public sealed class AdaptiveSeedTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private const string Yaml = """
        name: adaptive
        grid:
          dataset: ring
          method: gan
          init: [normal, covering]
          noise: [unimodal, multimodal]
          seed: {start: 3, max: 8, step: 2, until: {metric: modes, ci95_halfwidth: 0.6}}
        iterations: 50
        """;

    /// <summary>Modes by group and seed: normal/multimodal alternates 1 and 8 and never settles.</summary>
    private static int Modes(TrialSpec spec) => (AxisNames.Of(spec.Init), AxisNames.Of(spec.Noise)) switch
    {
        ("normal", "unimodal") => 8,
        ("covering", "unimodal") => spec.Seed == 3 ? 7 : 8,
        ("normal", "multimodal") => spec.Seed % 2 == 1 ? 1 : 8,
        _ => 3,
    };

    [Fact]
    public async Task Groups_get_seeds_until_their_interval_is_narrow_enough_or_max_and_each_seed_runs_once()
    {
        var trainer = new ScriptedTrainer();
        using var store = _database.Open();

        var outcome = await SweepRun.RunAsync(store, new EmbeddedOptions { Slots = 2, Trainer = trainer }, new SubmitSweep(Yaml, "adaptive.yaml", Extend: false),
            new QuietView(), CancellationToken.None);

        Assert.Equal(RunEnd.Finished, outcome.End);
        var sweep = store.FindSweep("adaptive")!;
        var trials = store.Trials(sweep.TrialIds);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.All(trainer.Calls.Values, calls => Assert.Equal(1, calls));
        var seeds = trials.Select(t => ParsedSpecs.Of(t.Spec)).GroupBy(s => $"{AxisNames.Of(s.Init)}/{AxisNames.Of(s.Noise)}")
            .ToDictionary(g => g.Key, g => g.Select(s => s.Seed).Order().ToArray());
        // 8, 8, 8: no spread. 8, 8, 7: every resample mean is in [7, 8] and 7 has 1/27 > 2.5% of them: ±0.5. Both at most ±0.6.
        Assert.Equal([1, 2, 3], seeds["normal/unimodal"]);
        Assert.Equal([1, 2, 3], seeds["covering/unimodal"]);
        Assert.Equal([1, 2, 3], seeds["covering/multimodal"]);
        // 1 and 8 alternating stays wide: 3, then 2 more, 2 more, then the 1 left to max.
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], seeds["normal/multimodal"]);
        Assert.Equal(17, sweep.TrialIds.Count);

        // Seeds 1..8 of the wide group are exactly a fixed sweep's with seed: 8.
        var fixedSweep = SweepFileReader.Read(Yaml.Replace("{start: 3, max: 8, step: 2, until: {metric: modes, ci95_halfwidth: 0.6}}", "8"), "fixed.yaml");
        var fixedIds = SweepGrid.Expand(fixedSweep).Where(s => AxisNames.Of(s.Init) == "normal" && AxisNames.Of(s.Noise) == "multimodal").Select(s => s.TrialId);
        Assert.Equal(fixedIds.Order(StringComparer.Ordinal),
            trials.Where(t => ParsedSpecs.Of(t.Spec) is { Init: InitKind.Normal, Noise: NoiseKind.Multimodal }).Select(t => t.Id).Order(StringComparer.Ordinal));

        var progress = AdaptiveProgress.Of(new SweepReport(sweep, trials))!;
        Assert.Equal(
            [("ring/gan/covering/multimodal", AdaptiveSeeds.State.Settled), ("ring/gan/covering/unimodal", AdaptiveSeeds.State.Settled),
             ("ring/gan/normal/multimodal", AdaptiveSeeds.State.AtMax), ("ring/gan/normal/unimodal", AdaptiveSeeds.State.Settled)],
            progress.Groups.Select(g => (g.Label, g.State)));
        Assert.Equal(0.5, progress.Groups.Single(g => g.Label == "ring/gan/covering/unimodal").HalfWidth);
    }

    [Fact]
    public async Task Running_the_finished_sweep_again_adds_nothing_and_trains_nothing()
    {
        using (var store = _database.Open())
            await SweepRun.RunAsync(store, new EmbeddedOptions { Slots = 2, Trainer = new ScriptedTrainer() }, new SubmitSweep(Yaml, "adaptive.yaml", Extend: false),
                new QuietView(), CancellationToken.None);

        var again = new ScriptedTrainer();
        using var reopened = _database.Open();
        var outcome = await SweepRun.RunAsync(reopened, new EmbeddedOptions { Slots = 2, Trainer = again }, new SubmitSweep(Yaml, "adaptive.yaml", Extend: false),
            new QuietView(), CancellationToken.None);

        Assert.Equal(RunEnd.Finished, outcome.End);
        Assert.Empty(again.Calls);
        Assert.Equal(17, reopened.FindSweep("adaptive")!.TrialIds.Count);
    }

    [Fact]
    public async Task A_sweep_stopped_after_its_results_were_stored_but_before_its_seeds_were_added_adds_them_when_run_again()
    {
        // What a coordinator killed between storing the last result and adding the next seeds leaves:
        // every stored trial final, the group's interval still wide.
        var definition = SweepFileReader.Read(Yaml, "adaptive.yaml");
        var decision = SweepAdmission.Admit(definition, Yaml, null, _ => [], extend: false, DateTime.UtcNow);
        using (var seeded = _database.Open())
            seeded.SaveSweep(decision.Sweep, decision.NewTrials.Select(t => t with
            {
                State = TrialState.Completed, Attempt = 1, Modes = Modes(ParsedSpecs.Of(t.Spec)), MaxModes = 8, HighQuality = 0.5,
            }));

        var trainer = new ScriptedTrainer();
        using var store = _database.Open();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));   // a sweep that forgot its new trials would wait for ever
        var outcome = await SweepRun.RunAsync(store, new EmbeddedOptions { Slots = 2, Trainer = trainer }, new SubmitSweep(Yaml, "adaptive.yaml", Extend: false),
            new QuietView(), limit.Token);

        Assert.Equal(RunEnd.Finished, outcome.End);
        // Only the wide group grows, by seeds 4..8; nothing stored is trained again.
        Assert.Equal([4, 5, 6, 7, 8], trainer.Calls.Keys.Select(id => ParsedSpecs.Of(store.FindTrial(id)!.Spec).Seed).Order());
        Assert.All(trainer.Calls.Keys, id => Assert.Equal((InitKind.Normal, NoiseKind.Multimodal),
            (ParsedSpecs.Of(store.FindTrial(id)!.Spec).Init, ParsedSpecs.Of(store.FindTrial(id)!.Spec).Noise)));
        Assert.Equal(17, store.FindSweep("adaptive")!.TrialIds.Count);
    }

    /// <summary>Completes every trial at once with <see cref="Modes"/>; counts calls per trial.</summary>
    private sealed class ScriptedTrainer : ITrialTrainer
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public TrialResult Train(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation)
        {
            Calls.AddOrUpdate(spec.TrialId, 1, (_, n) => n + 1);
            return new TrialResult(spec.TrialId, TrialOutcome.Completed, new TrialMetrics(Modes(spec), 8, 0.5), spec.Iterations, 0, 0.01, "none", null, null);
        }
    }

    private sealed class QuietView : ISweepView
    {
        public void Accepted(SweepAccepted accepted)
        {
        }

        public void Changed(TrialChanged change)
        {
        }

        public void Progressed(TrialProgressed progress)
        {
        }
    }
}

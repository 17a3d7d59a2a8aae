using Sweep.Orchestration.Sweeps;
using Sweep.Training.Specs;
using Sweep.Tests.Support;

namespace Sweep.Tests.Orchestration.Sweeps;

public sealed class SweepGridTests
{
    private static SweepDefinition Read(string yaml) => SweepFileReader.Read(yaml, "test.yaml");

    [Fact]
    public void The_grid_is_the_cartesian_product_with_distinct_ids_and_seed_as_the_outer_loop()
    {
        var sweep = Read("name: g\ngrid:\n  dataset: [ring, grid]\n  method: [gan, ali, veegan]\n  init: [normal, covering]\n  noise: [unimodal, multimodal]\n  seed: 3\n");

        var trials = SweepGrid.Expand(sweep);

        Assert.Equal(2 * 3 * 2 * 2 * 3, trials.Count);
        Assert.Equal(trials.Count, trials.Select(t => t.TrialId).Distinct().Count());
        Assert.All(trials.Take(24), t => Assert.Equal(1, t.Seed));
        Assert.Equal(24, trials.Count(t => t.Seed == 3));
        var combos = from d in new[] { DatasetKind.Ring, DatasetKind.Grid }
                     from m in new[] { MethodKind.Gan, MethodKind.Ali, MethodKind.Veegan }
                     from i in new[] { InitKind.Normal, InitKind.Covering }
                     from n in new[] { NoiseKind.Unimodal, NoiseKind.Multimodal }
                     from s in new[] { 1, 2, 3 }
                     select (d, m, i, n, s);
        Assert.Equal(combos.ToHashSet(), trials.Select(t => (t.Dataset, t.Method, t.Init, t.Noise, t.Seed)).ToHashSet());
    }

    [Fact]
    public void Ids_and_fingerprint_do_not_depend_on_the_order_axes_are_written_in()
    {
        var a = SweepGrid.Expand(Read("name: g\ngrid:\n  dataset: [ring, grid]\n  method: [gan, veegan]\n  seed: [1, 2]\n"));
        var b = SweepGrid.Expand(Read("name: other-name\ngrid:\n  method: [veegan, gan]\n  seed: [2, 1]\n  dataset: [grid, ring]\n"));

        Assert.Equal(a.Select(t => t.TrialId).Order(), b.Select(t => t.TrialId).Order());
        Assert.Equal(SweepGrid.Fingerprint(a), SweepGrid.Fingerprint(b));
    }

    [Fact]
    public void The_fingerprint_changes_when_the_grid_or_a_setting_changes()
    {
        const string grid = "name: g\ngrid:\n  dataset: ring\n  method: [gan, veegan]\n  seed: 2\n";
        var baseline = SweepGrid.Fingerprint(SweepGrid.Expand(Read(grid)));

        Assert.NotEqual(baseline, SweepGrid.Fingerprint(SweepGrid.Expand(Read(grid.Replace("seed: 2", "seed: 3")))));
        Assert.NotEqual(baseline, SweepGrid.Fingerprint(SweepGrid.Expand(Read(grid + "iterations: 99\n"))));
        Assert.NotEqual(baseline, SweepGrid.Fingerprint(SweepGrid.Expand(Read(grid + "set:\n  lr_d: 0.002\n"))));
    }

    [Fact]
    public void Overrides_apply_only_to_matching_trials_after_the_sweep_wide_settings()
    {
        var sweep = Read("""
            name: o
            grid:
              dataset: [ring, grid]
              method: [gan, unrolled]
              seed: 1
            preset: lo17
            iterations: 100
            set: { batch_size: 128, unroll_steps: 3 }
            overrides:
              - when: { method: unrolled }
                preset: metz
                set: { unroll_steps: 7 }
              - when: { method: unrolled, dataset: grid }
                iterations: 250
            """);

        var trials = SweepGrid.Expand(sweep).ToDictionary(t => (t.Dataset, t.Method));

        var gan = trials[(DatasetKind.Ring, MethodKind.Gan)];
        Assert.Equal(("lo17", 100, 128, 3), (gan.Preset, gan.Iterations, gan.Hyper.BatchSize, gan.Hyper.UnrollSteps));
        var unrolledRing = trials[(DatasetKind.Ring, MethodKind.Unrolled)];
        Assert.Equal(("metz", 100, 128, 7), (unrolledRing.Preset, unrolledRing.Iterations, unrolledRing.Hyper.BatchSize, unrolledRing.Hyper.UnrollSteps));
        Assert.Equal(250, trials[(DatasetKind.Grid, MethodKind.Unrolled)].Iterations);
        Assert.Equal(100, trials[(DatasetKind.Grid, MethodKind.Gan)].Iterations);
    }

    [Theory]
    [InlineData("lo17-figure1.yaml", 1 * 1 * 2 * 2 * 5)]
    [InlineData("veegan-table1.yaml", 3 * 4 * 1 * 1 * 5)]
    [InlineData("quick.yaml", 1 * 2 * 2 * 2 * 2)]
    [InlineData("lo17-figure1-one-layer.yaml", 1 * 1 * 2 * 2 * 5)]
    [InlineData("veegan-table2.yaml", 2 * 4 * 1 * 1 * 5)]
    [InlineData("stacked-mnist-quick.yaml", 1 * 4 * 1 * 1 * 2)]
    [InlineData("veegan-table1-hd1200-ali-noise-input.yaml", 1 * 1 * 1 * 1 * 3)]
    [InlineData("veegan-table1-hd1200-unrolled-40k.yaml", 1 * 1 * 1 * 1 * 2)]
    public void The_shipped_paper_sweeps_validate_and_expand(string file, int trials)
    {
        var path = Path.Combine(Repository.Root, "sweeps", file);

        var specs = SweepGrid.Expand(SweepFileReader.ReadFile(path));

        Assert.Equal(trials, specs.Count);
        Assert.Equal(trials, specs.Select(s => s.TrialId).Distinct().Count());
        // The admission hands these very specs to the live view for their JSON, and groups compare specs as records.
        Assert.All(specs, s => Assert.Equal(s, TrialSpec.FromJson(s.CanonicalJson())));
    }

    [Theory]
    [InlineData("veegan-table1-ring-grid.yaml", 2 * 4 * 5)]
    [InlineData("veegan-table1-hd1200.yaml", 1 * 4 * 2)]
    [InlineData("veegan-table1-hd1200-veegan.yaml", 1 * 1 * 2)]
    public void A_part_of_veegan_table1_holds_that_sweeps_own_trials_so_its_results_count_there(string file, int trials)
    {
        var whole = SweepGrid.Expand(SweepFileReader.ReadFile(Path.Combine(Repository.Root, "sweeps", "veegan-table1.yaml"))).Select(s => s.TrialId).ToHashSet();

        var part = SweepGrid.Expand(SweepFileReader.ReadFile(Path.Combine(Repository.Root, "sweeps", file)));

        Assert.Equal(trials, part.Count);
        Assert.All(part, s => Assert.Contains(s.TrialId, whole));
    }

    [Fact]
    public void The_hd1200_ali_variant_is_veegan_table1s_ali_on_hd1200_with_only_the_encoder_changed()
    {
        var table = SweepGrid.Expand(SweepFileReader.ReadFile(Path.Combine(Repository.Root, "sweeps", "veegan-table1.yaml")))
            .Where(s => (s.Dataset, s.Method) == (DatasetKind.Hd1200, MethodKind.Ali)).ToDictionary(s => s.Seed);

        var variant = SweepGrid.Expand(SweepFileReader.ReadFile(Path.Combine(Repository.Root, "sweeps", "veegan-table1-hd1200-ali-noise-input.yaml")));

        Assert.All(variant, s =>
        {
            Assert.Equal(AliEncoder.NoiseInput, s.Hyper.AliEncoder);
            Assert.Equal(AliEncoder.Gaussian, table[s.Seed].Hyper.AliEncoder);
            Assert.Equal(table[s.Seed], s with { Hyper = s.Hyper with { AliEncoder = AliEncoder.Gaussian } });
            Assert.NotEqual(table[s.Seed].TrialId, s.TrialId);
            // ... and its tables say so beside the preset and budget.
            Assert.Equal(["ali_encoder=noise-input"], KnobsBeyondPreset.Of(s));
            Assert.Empty(KnobsBeyondPreset.Of(table[s.Seed]));
        });
    }

    [Fact]
    public void The_shortened_hd1200_unrolled_sweep_is_veegan_table1s_unrolled_gan_on_hd1200_with_only_the_budget_changed()
    {
        var table = SweepGrid.Expand(SweepFileReader.ReadFile(Path.Combine(Repository.Root, "sweeps", "veegan-table1.yaml")))
            .Where(s => (s.Dataset, s.Method) == (DatasetKind.Hd1200, MethodKind.Unrolled)).ToDictionary(s => s.Seed);

        var shortened = SweepGrid.Expand(SweepFileReader.ReadFile(Path.Combine(Repository.Root, "sweeps", "veegan-table1-hd1200-unrolled-40k.yaml")));

        Assert.Equal([1, 2], shortened.Select(s => s.Seed).Order());
        Assert.All(shortened, s =>
        {
            Assert.Equal((40_000, 100_000), (s.Iterations, table[s.Seed].Iterations));
            Assert.Equal(table[s.Seed], s with { Iterations = 100_000 });
            Assert.NotEqual(table[s.Seed].TrialId, s.TrialId);
        });
    }

    [Fact]
    public void The_veegan_table_runs_every_method_at_the_papers_budget_with_the_same_networks()
    {
        var specs = SweepGrid.Expand(SweepFileReader.ReadFile(Path.Combine(Repository.Root, "sweeps", "veegan-table1.yaml")));

        Assert.All(specs, s => Assert.Equal((100_000, "veegan"), (s.Iterations, s.Preset)));
        Assert.Single(specs.Select(s => (s.Hyper.GWidth, s.Hyper.DLayers, s.Hyper.NoiseDim)).Distinct());
    }
}

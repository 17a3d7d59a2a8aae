using Sweep.Orchestration.Sweeps;

namespace Sweep.Tests.Orchestration.Sweeps;

public sealed class SweepFileReaderTests
{
    private const string Valid = """
        name: demo
        grid:
          dataset: [ring, grid]
          method: [gan, veegan]
          init: [normal, covering]
          noise: multimodal
          seed: [3, 7]
        preset: lo17
        iterations: 200
        set:
          lr_g: 1e-4
        overrides:
          - when: { method: veegan, dataset: grid }
            iterations: 300
            set: { batch_size: 64 }
        concurrency: 2
        """;

    [Fact]
    public void A_valid_file_is_read_with_every_axis_and_setting()
    {
        var sweep = SweepFileReader.Read(Valid, "demo.yaml");

        Assert.Equal("demo", sweep.Name);
        Assert.Equal(["ring", "grid"], sweep.Datasets);
        Assert.Equal(["gan", "veegan"], sweep.Methods);
        Assert.Equal(["normal", "covering"], sweep.Inits);
        Assert.Equal(["multimodal"], sweep.Noises);
        Assert.Equal([3, 7], sweep.Seeds);
        Assert.Equal(("lo17", 200), (sweep.Settings.Preset, sweep.Settings.Iterations));
        Assert.Equal([new("lr_g", "1e-4")], sweep.Settings.Set);
        var only = Assert.Single(sweep.Overrides);
        Assert.Equal(300, only.Settings.Iterations);
        Assert.True(only.Matches("grid", "veegan", "normal", "multimodal"));
        Assert.False(only.Matches("ring", "veegan", "normal", "multimodal"));
        Assert.Equal(2, sweep.Concurrency);
    }

    [Fact]
    public void A_seed_count_means_seeds_one_to_n_and_init_and_noise_default()
    {
        var sweep = SweepFileReader.Read("name: s\ngrid:\n  dataset: ring\n  method: gan\n  seed: 4\n", "s.yaml");

        Assert.Equal([1, 2, 3, 4], sweep.Seeds);
        Assert.Equal(["normal"], sweep.Inits);
        Assert.Equal(["unimodal"], sweep.Noises);
    }

    [Fact]
    public void Adaptive_seeds_start_with_seeds_one_to_start_and_keep_the_rule()
    {
        var sweep = SweepFileReader.Read(
            "name: s\ngrid:\n  dataset: ring\n  method: gan\n  seed: {start: 3, max: 30, until: {metric: high_quality, ci95_halfwidth: 0.05}}\n", "s.yaml");

        Assert.Equal([1, 2, 3], sweep.Seeds);
        Assert.Equal(new AdaptiveSeeds(3, 30, 1, Sweep.Reporting.SeedMetric.HighQuality, 0.05), sweep.Adaptive);
        Assert.Null(SweepFileReader.Read("name: s\ngrid:\n  dataset: ring\n  method: gan\n  seed: 3\n", "s.yaml").Adaptive);
    }

    private const string Adaptive = "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: ";

    public static TheoryData<string, int, int, string> BadFiles => new()
    {
        { Adaptive + "{start: 3, until: {metric: modes, ci95_halfwidth: 1}}\n", 5, 9, "grid.seed: missing required key 'max'" },
        { Adaptive + "{start: 5, max: 4, until: {metric: modes, ci95_halfwidth: 1}}\n", 5, 25, "grid.seed.max: 4 is below start (5); expected at least 5." },
        { Adaptive + "{start: 3, max: 9, until: {metric: mode, ci95_halfwidth: 1}}\n", 5, 44, "grid.seed.until.metric: 'mode' is not a metric; expected one of: modes, high_quality, kl, ivom." },
        { Adaptive + "{start: 3, max: 9, until: {metric: modes, ci95_halfwidth: -1}}\n", 5, 67, "grid.seed.until.ci95_halfwidth: '-1' is not a number of 0 or more" },
        { Adaptive + "{start: 3, max: 9, step: 0, until: {metric: modes, ci95_halfwidth: 1}}\n", 5, 34, "grid.seed.step" },
        { Adaptive + "{start: 3, max: 9, until: {metric: modes, ci95_halfwidth: 1}, stop: 4}\n", 5, 71, "grid.seed.stop" },
        { Adaptive + "{start: 3, max: 1000000, until: {metric: modes, ci95_halfwidth: 1}}\n", 3, 3, "grid: expands to 1,000,000 trials" },
        // yaml, line, column, expected text
        { "name: x\ngrid: [unclosed\n", 3, 1, "not valid YAML" },
        { "- just\n- a list\n", 1, 1, "expected a mapping" },
        { "grid:\n  dataset: ring\n  method: gan\n  seed: 1\n", 1, 1, "missing required key 'name'" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\nitertions: 5\n", 6, 1, "Did you mean 'iterations'" },
        { "name: x\ngrid:\n  dataset: ring\n  methods: gan\n  seed: 1\n", 4, 3, "grid.methods" },
        { "name: x\ngrid:\n  dataset: ring\n  method: [gan, veegen]\n  seed: 1\n", 4, 17, "Did you mean 'veegan'" },
        { "name: x\ngrid:\n  dataset: []\n  method: gan\n  seed: 1\n", 3, 12, "grid.dataset: empty" },
        { "name: x\ngrid:\n  dataset: ring\n  method: [gan, gan]\n  seed: 1\n", 4, 17, "listed twice" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 0\n", 5, 9, "integer >= 1" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: [1, b]\n", 5, 13, "'b' is not an integer" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\nset:\n  batch_size: 0\n", 7, 15, "set.batch_size" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\nset:\n  lr: 0.1\n", 7, 3, "Did you mean 'lr_g'" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\npreset: dcgan\n", 6, 9, "image datasets" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\nset:\n  ivom_steps: 5\n", 7, 15, "set.ivom_steps: applies to image datasets" },
        {
            "name: x\ngrid:\n  dataset: [ring, stacked-mnist]\n  method: unrolled\n  seed: 1\noverrides:\n  - when: { method: unrolled }\n    preset: metz\n", 8, 13,
            "overrides[0].preset: 'metz' is for the synthetic datasets (ring, grid, hd1200); stacked-mnist accepts: dcgan. (trials stacked-mnist/unrolled/normal/unimodal)"
        },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\noverrides:\n  - when: { method: unrolled }\n", 7, 21, "not in grid.method" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\noverrides:\n  - when: {}\n", 7, 11, "name at least one of" },
        { "name: x y\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\n", 1, 7, "name: 'x y' is not accepted" },
        { "name: x\ngrid:\n  dataset: ring\n  method: gan\n  seed: 1\nconcurrency: -2\n", 6, 14, "concurrency" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_gets_one_message_with_file_line_column_and_key(string yaml, int line, int column, string expected)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFileReader.Read(yaml, "bad.yaml"));

        Assert.Contains(expected, error.Message);
        Assert.StartsWith($"bad.yaml:{line}:{column}: ", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFileReader.ReadFile(Path.Combine(Path.GetTempPath(), "no-such-sweep.yaml")));

        Assert.Contains("no-such-sweep.yaml", error.Message);
        Assert.Contains("no such file", error.Message);
    }
}

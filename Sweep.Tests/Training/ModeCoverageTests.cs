using Sweep.Tests.Support;
using Sweep.Training.Data;
using Sweep.Training.Metrics;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

[Collection(TorchTests.Name)]
public sealed class ModeCoverageTests
{
    [Fact]
    public void Real_ring_samples_capture_every_mode_at_nearly_full_quality()
    {
        using var ring = SyntheticDatasets.Ring(8, 2, 0.02);
        using var generator = new Generator(1);
        using var samples = ring.Sample(2500, generator);

        var score = ModeCoverage.Evaluate(samples, ring);

        Assert.Equal(8, score.Modes);
        Assert.Equal(8, score.MaxModes);
        // Within 3σ in 2-D: P(chi_2 <= 3) = 1 - exp(-4.5) ≈ 0.989.
        Assert.InRange(score.HighQuality, 0.98, 0.995);
    }

    [Fact]
    public void Samples_piled_on_one_mode_capture_one_mode()
    {
        using var grid = SyntheticDatasets.Grid(0.05);
        using var s = new HeldScalars();
        using var samples = grid.Means[12].unsqueeze(0).expand(500, 2).add(randn(500, 2, generator: new Generator(2)).mul(s[0.01]), Held.One);

        var score = ModeCoverage.Evaluate(samples, grid);

        Assert.Equal(1, score.Modes);
        Assert.Equal(1.0, score.HighQuality, 6);
        Assert.Equal(500, score.HighQualityPerMode[12]);
    }

    [Fact]
    public void Samples_between_modes_are_not_high_quality_and_capture_nothing()
    {
        using var ring = SyntheticDatasets.Ring(8, 2, 0.02);
        // Midpoints of neighbouring centres: far (≈0.77) from both, against a 3σ radius of 0.06.
        using var midpoints = ring.Means.add(ring.Means.roll(1, 0), Held.One).div(Held.Two);

        var score = ModeCoverage.Evaluate(midpoints, ring);

        Assert.Equal(0, score.Modes);
        Assert.Equal(0, score.HighQuality);
    }

    [Fact]
    public void Hd1200_real_data_fails_veegans_rule_as_written_and_passes_the_shell_rule()
    {
        using var data = SyntheticDatasets.Hd1200();
        using var generator = new Generator(4);
        using var samples = data.Sample(2500, generator);

        // A real sample lies ≈ √700 ≈ 26.5 from its mean: never within 10 σ = 10 of it.
        var paper = ModeCoverage.Evaluate(samples, data);
        var shell = ModeCoverage.Evaluate(samples, data, data.ShellRule!);

        Assert.Equal((0, 0.0), (paper.Modes, paper.HighQuality));
        Assert.Equal(10, shell.Modes);
        Assert.True(shell.HighQuality > 0.999, $"real hd1200 data scored {shell.HighQuality:P2} high quality under the shell rule");
    }

    [Fact]
    public void Hd1200_samples_near_the_means_pass_veegans_rule_and_fail_the_shell_rule()
    {
        using var data = SyntheticDatasets.Hd1200();
        using var s = new HeldScalars();
        // Every mean 250 times, each coordinate moved by N(0, 0.1²): ≈ 3.5 from its mean.
        using var samples = data.Means.repeat(250, 1).add(randn(2500, 1200, generator: new Generator(7)).mul(s[0.1]), Held.One);

        var paper = ModeCoverage.Evaluate(samples, data);
        var shell = ModeCoverage.Evaluate(samples, data, data.ShellRule!);

        Assert.Equal((10, 1.0), (paper.Modes, paper.HighQuality));
        Assert.Equal((0, 0.0), (shell.Modes, shell.HighQuality));
    }

    [Fact]
    public void Hd1200_samples_from_a_single_mode_capture_one_mode()
    {
        using var data = SyntheticDatasets.Hd1200();
        using var generator = new Generator(5);
        using var all = data.Sample(5000, generator);
        var target = data.Means[6];   // m = 10
        using var s = new HeldScalars();
        using var oneMode = all.index_select(0, nonzero(all[.., 1199].eq(s[10.0])).squeeze(1)).narrow(0, 0, 200);

        var score = ModeCoverage.Evaluate(oneMode, data, data.ShellRule!);

        Assert.Equal(1, score.Modes);
        Assert.Equal(200, score.HighQualityPerMode[6]);
        Assert.Equal(target[0].item<float>(), oneMode[0, 1199].item<float>());
    }

    [Theory]
    [InlineData(5.0)]    // a broad Gaussian: far outside every mode's shell
    [InlineData(0.5)]    // too narrow in all 1200 dims: inside the shell
    public void Hd1200_samples_from_a_wrong_shaped_gaussian_are_not_high_quality(double std)
    {
        using var data = SyntheticDatasets.Hd1200();
        using var s = new HeldScalars();
        using var samples = randn(2500, 1200, generator: new Generator(6)).mul(s[std]);

        var score = ModeCoverage.Evaluate(samples, data, data.ShellRule!);

        Assert.Equal(0, score.HighQuality);
        Assert.Equal(0, score.Modes);
    }

    [Fact]
    public void Hd1200_samples_sitting_exactly_on_the_means_are_atypical_under_the_shell_rule()
    {
        using var data = SyntheticDatasets.Hd1200();

        var score = ModeCoverage.Evaluate(data.Means, data, data.ShellRule!);

        Assert.Equal(0, score.HighQuality);
    }
}

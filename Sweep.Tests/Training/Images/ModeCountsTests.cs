using Sweep.Training.Scoring;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Tests.Training.Images;

public sealed class ModeCountsTests
{
    [Fact]
    public void A_uniform_spread_over_all_modes_has_every_mode_and_no_divergence()
    {
        using var s = new HeldScalars();
        using var modes = arange(s[0], s[26_000], s[1], dtype: ScalarType.Int64).remainder(s[1000]);

        var score = ModeCounts.Of(modes, 1000);

        Assert.Equal((1000, 1000), (score.Modes, score.MaxModes));
        Assert.Equal(0, score.Kl, precision: 9);
    }

    [Fact]
    public void A_single_mode_diverges_by_log_of_the_mode_count()
    {
        using var s = new HeldScalars();
        using var modes = full([5000], s[421], dtype: ScalarType.Int64);

        var score = ModeCounts.Of(modes, 1000);

        Assert.Equal(1, score.Modes);
        Assert.Equal(Math.Log(1000), score.Kl, precision: 9);
    }

    [Fact]
    public void Half_the_samples_on_one_mode_and_half_on_another_diverge_by_log_of_half_the_modes()
    {
        using var s = new HeldScalars();
        using var modes = cat([full([300], s[3], dtype: ScalarType.Int64), full([300], s[999], dtype: ScalarType.Int64)], 0);

        var score = ModeCounts.Of(modes, 1000);

        Assert.Equal(2, score.Modes);
        Assert.Equal(Math.Log(500), score.Kl, precision: 9);
    }
}

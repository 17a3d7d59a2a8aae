using Sweep.Tests.Support;
using Sweep.Training.Models;
using Sweep.Training.Noise;
using Sweep.Training.Scoring;
using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Tests.Training.Images;

[Collection(TorchTests.Name)]
public sealed class IvomTests
{
    [Trait("Tier", "Full")]
    [Fact]
    public void Ivom_finds_inputs_that_reproduce_the_generators_own_outputs_and_not_arbitrary_images()
    {
        using var init = new Generator(3);
        using var generator = new Mlp("G", 4, 1, 32, 20);
        generator.ResetParameters(init);
        var noise = new NoiseSampler(4, NoiseDistribution.Gaussian, 0, 0);
        using var draws = new Generator(4);
        using var scope = NewDisposeScope();
        Tensor reachable, arbitrary;
        using (no_grad())
        {
            reachable = generator.forward(randn([16, 4], generator: draws));
            arbitrary = randn([16, 20], generator: draws).mul_(Held.Two);
        }

        var options = new Ivom.Options(Steps: 400, LearningRate: 0.05, Restarts: 3);
        var found = Ivom.Run(generator, noise, reachable, options, new Generator(6));
        var missed = Ivom.Run(generator, noise, arbitrary, options, new Generator(6));

        Assert.True(found.Mean < 1e-3, $"error on the generator's own outputs {found.Mean:E2}");
        Assert.True(missed.Mean > 100 * found.Mean, $"arbitrary targets {missed.Mean:E2} vs reachable {found.Mean:E2}");
        Assert.Equal(16, found.PerImage.Length);
        Assert.All(generator.parameters(), p => Assert.True(p.requires_grad));   // the generator is left as it was
    }

    [Fact]
    public void Ivom_reports_pixel_mse_on_a_zero_to_one_scale()
    {
        // A generator that can only output mid-grey (0 on the nets' [−1, 1] scale, 0.5 on [0, 1]),
        // against white targets (1, and 1 on [0, 1]): the error is (1 − 0.5)² = 0.25 whatever z is.
        using var generator = new Mlp("G", 4, 1, 8, 20);
        using (no_grad())
            foreach (var p in generator.parameters()) p.zero_();
        var noise = new NoiseSampler(4, NoiseDistribution.Gaussian, 0, 0);
        using var white = ones(5, 20);

        var score = Ivom.Run(generator, noise, white, new Ivom.Options(Steps: 3, LearningRate: 0.01, Restarts: 1), new Generator(1));

        Assert.All(score.PerImage, e => Assert.Equal(0.25, e, 1e-9));
        Assert.Equal(0.25, score.Mean, 1e-9);
    }
}

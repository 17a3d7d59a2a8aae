using Sweep.Tests.Support;
using Sweep.Training.Data;
using Sweep.Training.Noise;
using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

[Collection(TorchTests.Name)]
public sealed class NoiseTests
{
    [Fact]
    public void Multimodal_noise_is_the_continuous_part_followed_by_a_one_hot_of_c_categories()
    {
        var noise = new NoiseSampler(dim: 3, NoiseDistribution.Gaussian, categories: 5, extraDims: 0);
        using var generator = new Generator(1);
        using var z = noise.Latent(10_000, generator);

        Assert.Equal(new long[] { 10_000, 8 }, z.shape);
        using var oneHot = z.narrow(1, 3, 5);
        using var s = new HeldScalars();
        Assert.True((oneHot.eq(s[0]) | oneHot.eq(s[1])).all().item<bool>(), "one-hot entries must be 0 or 1");
        Assert.True(oneHot.sum(1).eq(s[1]).all().item<bool>(), "exactly one category per row");
        // Categories drawn uniformly: each near 2000 of 10 000.
        var perCategory = oneHot.sum(dim: 0).data<float>().ToArray();
        Assert.All(perCategory, c => Assert.InRange(c, 1800, 2200));
        // The continuous part is standard normal.
        using var a = z.narrow(1, 0, 3);
        Assert.InRange(a.mean().item<float>(), -0.03, 0.03);
        Assert.InRange(a.std().item<float>(), 0.97, 1.03);
    }

    [Fact]
    public void Uniform_unimodal_noise_lies_in_minus_one_to_one_and_has_no_one_hot()
    {
        var noise = new NoiseSampler(dim: 4, NoiseDistribution.Uniform, categories: 0, extraDims: 0);
        using var generator = new Generator(2);
        using var z = noise.Latent(5000, generator);

        Assert.Equal(new long[] { 5000, 4 }, z.shape);
        using var s = new HeldScalars();
        Assert.True(z.ge(s[-1]).all().item<bool>() && z.le(s[1]).all().item<bool>());
        // U(-1, 1) has variance 1/3.
        Assert.InRange(z.var().item<float>(), 0.31, 0.35);
    }

    [Fact]
    public void Extra_noise_dims_widen_the_generator_input_but_not_the_latent()
    {
        var noise = new NoiseSampler(dim: 254, NoiseDistribution.Gaussian, categories: 0, extraDims: 1);
        using var generator = new Generator(3);
        using var z = noise.Latent(100, generator);
        using var input = noise.GeneratorInput(z, generator);

        Assert.Equal(254, noise.LatentDims);
        Assert.Equal(255, noise.GeneratorInputDims);
        Assert.Equal(new long[] { 100, 255 }, input.shape);
        Assert.True(input.narrow(1, 0, 254).eq(z).all().item<bool>());
    }

    [Trait("Tier", "Full")]
    [Theory]
    [InlineData("ring", 8)]
    [InlineData("grid", 25)]
    [InlineData("hd1200", 10)]
    public void Auto_categories_finds_the_number_of_modes(string dataset, int modes)
    {
        var hyper = Presets.Get(Presets.Lo17);
        using var data = SyntheticDatasets.Create(AxisNames.Parse<DatasetKind>("dataset", dataset), hyper);
        using var generator = new Generator(9);
        using var sample = data.Sample(2000, generator);

        var estimate = CategoryEstimator.Estimate(sample, maxK: 32, generator);

        Assert.Equal(modes, estimate.Categories);
        Assert.True(estimate.SilhouetteByK[modes] > estimate.SilhouetteByK[modes - 1]);
    }
}

using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Noise;

/// <summary>
/// LO17's noise: unimodal a ~ Q in R^d (Gaussian or uniform on [-1, 1]), or multimodal
/// z = concat(a, one-hot(i)) with i uniform in {0..c-1}. <see cref="ExtraDims"/> Gaussian dims are
/// appended for the generator's input only (VEEGAN's extra noise), never reconstructed.
/// </summary>
public sealed class NoiseSampler(int dim, NoiseDistribution distribution, int categories, int extraDims)
{
    public int ContinuousDims { get; } = dim;
    public NoiseDistribution Distribution { get; } = distribution;

    /// <summary>c; 0 for unimodal noise.</summary>
    public int Categories { get; } = categories;

    public int ExtraDims { get; } = extraDims;

    /// <summary>Width of z (what VEEGAN's reconstructor and ALI's encoder predict).</summary>
    public int LatentDims => ContinuousDims + Categories;

    /// <summary>Width of the generator's input.</summary>
    public int GeneratorInputDims => LatentDims + ExtraDims;

    public static NoiseSampler For(NoiseKind kind, Hyperparameters hyper, int categories) =>
        new(hyper.NoiseDim, hyper.NoiseDistribution, kind == NoiseKind.Multimodal ? categories : 0, hyper.ExtraNoiseDims);

    /// <summary>z: [n, LatentDims].</summary>
    public Tensor Latent(long n, Generator generator)
    {
        using var scope = NewDisposeScope();
        var a = Distribution == NoiseDistribution.Gaussian
            ? randn([n, ContinuousDims], generator: generator, device: generator.device)
            : rand([n, ContinuousDims], generator: generator, device: generator.device).mul_(Held.Two).sub_(Held.One);
        if (Categories == 0) return a.MoveToOuterDisposeScope();

        var category = randint(0, Categories, [n], generator: generator, device: generator.device);
        var oneHot = nn.functional.one_hot(category, Categories).to_type(ScalarType.Float32);
        return cat([a, oneHot], 1).MoveToOuterDisposeScope();
    }

    /// <summary>The generator's input for latent z: z itself, or z with the extra noise dims appended.</summary>
    public Tensor GeneratorInput(Tensor latent, Generator generator)
    {
        if (ExtraDims == 0) return latent.alias();
        using var extra = randn([latent.shape[0], ExtraDims], generator: generator, device: generator.device);
        return cat([latent, extra], 1);
    }
}

using TorchSharp;
using Sweep.Training.Data.Images;
using Sweep.Training.Models;
using Sweep.Training.Noise;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>
/// Inference via optimisation (Metz et al.): for each real test image x, search the generator's
/// input for the z minimising the per-pixel mean of (G(z) − x)², and report the mean and std of the
/// best errors over the images, as pixel MSE on a [0, 1] scale (VEEGAN Table 2's units; the search
/// itself runs on the nets' [−1, 1] scale, where errors are 4 times larger). The continuous part of z is optimised with Adam from
/// <c>restarts</c> independent noise draws; a multimodal one-hot part and VEEGAN's extra dims stay
/// as drawn, so every search stays on the generator's input support.
/// </summary>
public static class Ivom
{
    public sealed record Options(int Steps, double LearningRate, int Restarts);

    public sealed record Score(double Mean, double Std, double[] PerImage);

    /// <param name="generator">Used as it is; its mode (eval) and weights are left unchanged.</param>
    /// <param name="targets">[N, D] rows in the generator's output range, [−1, 1].</param>
    public static Score Run(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Tensor targets, Options options, Generator random)
    {
        using var scope = NewDisposeScope();
        using var frozen = FrozenParameters.Of(generator);
        var best = full([targets.shape[0]], Infinity, ScalarType.Float32, targets.device);
        for (var restart = 0; restart < options.Restarts; restart++)
            best = minimum(best, Search(generator, noise, targets, options, random));

        using var onCpu = best.cpu();
        var perImage = onCpu.data<float>().Select(e => e * PixelScale.SquaredErrorToUnitRange).ToArray();
        var mean = perImage.Average();
        var std = Math.Sqrt(perImage.Sum(e => (e - mean) * (e - mean)) / Math.Max(1, perImage.Length - 1));
        return new Score(mean, std, perImage);
    }

    /// <summary>One search from fresh draws; the final per-image errors [N].</summary>
    private static Tensor Search(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Tensor targets, Options options, Generator random)
    {
        var input = noise.GeneratorInput(noise.Latent(targets.shape[0], random), random);
        var continuous = new Parameter(input.narrow(1, 0, noise.ContinuousDims).clone());
        var fixedPart = input.narrow(1, noise.ContinuousDims, input.shape[1] - noise.ContinuousDims);
        using var optimizer = optim.Adam([continuous], options.LearningRate);
        for (var step = 0; step < options.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = Errors(generator, continuous, fixedPart, targets).sum();
            loss.backward();
            optimizer.Step();
        }

        using (no_grad()) return Errors(generator, continuous, fixedPart, targets);
    }

    private static Tensor Errors(nn.Module<Tensor, Tensor> generator, Tensor continuous, Tensor fixedPart, Tensor targets) =>
        (generator.forward(cat([continuous, fixedPart], 1)) - targets).pow(Held.Two).mean([1]);

    private static readonly Scalar Infinity = Held.Constant(double.PositiveInfinity);
}

using Sweep.Training.Data;
using Sweep.Training.Metrics;
using Sweep.Training.Noise;
using Sweep.Training.Running;
using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>VEEGAN's synthetic metrics (<see cref="ModeCoverage"/>) over <c>eval_samples</c> generator samples.</summary>
public sealed class SyntheticEvaluator(GaussianMixture data, int samples) : ITrialEvaluator
{
    public TrialMetrics Evaluate(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var score = ModeCoverage.Evaluate(generator.forward(noise.GeneratorInput(noise.Latent(samples, random), random)), data);
        return new TrialMetrics(score.Modes, score.MaxModes, score.HighQuality);
    }

    public TrialMetrics EvaluateProgress(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random) =>
        Evaluate(generator, noise, random);
}

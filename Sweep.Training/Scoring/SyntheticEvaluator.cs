using Sweep.Training.Data;
using Sweep.Training.Metrics;
using Sweep.Training.Noise;
using Sweep.Training.Running;
using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>
/// VEEGAN's synthetic metrics (<see cref="ModeCoverage"/>) over <c>eval_samples</c> generator samples,
/// under the paper's rule, and for hd1200 under the shell rule too, on the same samples.
/// </summary>
public sealed class SyntheticEvaluator(GaussianMixture data, int samples) : ITrialEvaluator
{
    public TrialMetrics Evaluate(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var generated = generator.forward(noise.GeneratorInput(noise.Latent(samples, random), random));
        var score = ModeCoverage.Evaluate(generated, data);
        var shell = data.ShellRule is { } rule ? ModeCoverage.Evaluate(generated, data, rule) : null;
        return new TrialMetrics(score.Modes, score.MaxModes, score.HighQuality, ShellModes: shell?.Modes, ShellHighQuality: shell?.HighQuality);
    }

    public TrialMetrics EvaluateProgress(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random) =>
        Evaluate(generator, noise, random);
}

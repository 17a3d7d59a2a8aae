using Sweep.Training.Noise;
using Sweep.Training.Running;
using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>Scores a trained generator the way its dataset's paper does.</summary>
public interface ITrialEvaluator
{
    /// <param name="random">The trial's evaluation stream: every sample and test image drawn here.</param>
    TrialMetrics Evaluate(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random);
}

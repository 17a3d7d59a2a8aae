using Sweep.Training.Noise;
using Sweep.Training.Running;
using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>Scores a trained generator the way its dataset's paper does.</summary>
public interface ITrialEvaluator
{
    /// <param name="random">The trial's evaluation stream: every sample and test image drawn here.</param>
    TrialMetrics Evaluate(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random);

    /// <summary>
    /// A score for the training curves, cheap enough to take a few times during training: the same
    /// as <see cref="Evaluate"/> where that is cheap; fewer samples and no IvOM for images.
    /// </summary>
    TrialMetrics EvaluateProgress(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random);
}

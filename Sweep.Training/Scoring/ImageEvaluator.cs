using Sweep.Training.Data.Images;
using Sweep.Training.Models;
using Sweep.Training.Noise;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>
/// Image scores. Stacked MNIST: the classifier labels each channel of <c>eval_samples</c> generator
/// samples, the digit triple is the mode, and modes and KL(p_gen ‖ uniform) follow (VEEGAN Table 2).
/// Both image datasets: IvOM on <c>ivom_images</c> real test images. The generator runs in
/// <see cref="EvaluationMode"/> (batch norm on its running statistics), back in training mode after.
/// </summary>
/// <param name="classifier">Stacked MNIST's digit classifier; null for datasets scored by IvOM only.</param>
public sealed class ImageEvaluator(Hyperparameters hyper, Func<long, Generator, Tensor> testImages, MnistClassifier? classifier) : ITrialEvaluator
{
    private const int SampleBatch = 500;

    /// <summary>Samples behind a curve point's modes and KL: a tenth of VEEGAN's 26 000, so KL reads higher than the final score's.</summary>
    public const int ProgressSamples = 2_600;

    public TrialMetrics Evaluate(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random)
    {
        using var _ = EvaluationMode.Of(generator);
        var counted = classifier is null ? null : CountModes(generator, noise, classifier, hyper.EvalSamples, random);
        Ivom.Score? ivom = null;
        if (hyper.IvomImages is > 0)
        {
            using var scope = NewDisposeScope();
            var targets = testImages(hyper.IvomImages.Value, random);
            ivom = Ivom.Run(generator, noise, targets, new Ivom.Options(hyper.IvomSteps ?? 200, hyper.IvomLr ?? 0.01, hyper.IvomRestarts ?? 3), random);
        }

        return new TrialMetrics(counted?.Modes, counted?.MaxModes, null, counted?.Kl, ivom?.Mean, ivom?.Std);
    }

    /// <summary>Stacked MNIST's modes and KL over <see cref="ProgressSamples"/>; nothing for CIFAR-10, whose IvOM is too slow for a curve.</summary>
    public TrialMetrics EvaluateProgress(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, Generator random)
    {
        if (classifier is null) return new TrialMetrics(null, null, null);
        using var _ = EvaluationMode.Of(generator);
        var counted = CountModes(generator, noise, classifier, Math.Min(ProgressSamples, hyper.EvalSamples), random);
        return new TrialMetrics(counted.Modes, counted.MaxModes, null, counted.Kl);
    }

    private static ModeCounts.Score CountModes(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, MnistClassifier classifier, int count, Generator random)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var found = new List<Tensor>();
        for (var done = 0; done < count; done += SampleBatch)
        {
            var n = Math.Min(SampleBatch, count - done);
            var samples = generator.forward(noise.GeneratorInput(noise.Latent(n, random), random));
            var digits = classifier.Classify(samples.view(n * 3, 1, MnistImages.Side, MnistImages.Side)).view(n, 3);
            found.Add(StackedMnist.ModeOf(digits));
        }

        return ModeCounts.Of(cat(found, 0), StackedMnist.Modes);
    }
}

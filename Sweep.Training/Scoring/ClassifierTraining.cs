using System.Diagnostics;
using Sweep.Training.Data.Images;
using Sweep.Training.Models;
using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>How the scoring classifier is trained; its hash (with the data's) names the cached weights.</summary>
public sealed record ClassifierTraining(int Epochs = 3, int BatchSize = 128, double LearningRate = 1e-3, int Seed = 1)
{
    public const double RequiredAccuracy = 0.985;

    public sealed record Outcome(double TestAccuracy, TimeSpan Elapsed, int Epochs);

    /// <summary>Trains a fresh classifier on MNIST's 60 000 training digits and measures it on the 10 000 test digits.</summary>
    public Outcome Train(MnistClassifier classifier, MnistImages mnist, Action<string>? say, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var random = new Generator((ulong)Seed);
        ParameterInit.ResetDefault(classifier, random);
        // Dropout draws from the process-wide generator: seed it too. Another thread drawing from it
        // meanwhile (a trial building its nets) can still shift the masks slightly.
        manual_seed(Seed);
        foreach (var p in classifier.parameters()) p.requires_grad = true;
        using var optimizer = optim.Adam(classifier.parameters(), LearningRate);
        using var trainImages = mnist.TrainImages;
        using var trainLabels = mnist.TrainLabels;
        var count = trainImages.shape[0];
        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            classifier.train();
            using var order = randperm(count, generator: random);
            for (long start = 0; start < count; start += BatchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var picks = order.narrow(0, start, Math.Min(BatchSize, count - start));
                var digits = PixelScale.ToSigned(trainImages.index_select(0, picks)).unsqueeze(1);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(classifier.forward(digits), trainLabels.index_select(0, picks));
                loss.backward();
                optimizer.Step();
            }

            say?.Invoke($"classifier epoch {epoch}/{Epochs}: test accuracy {Accuracy(classifier, mnist):P2} after {clock.Elapsed.TotalSeconds:0} s");
        }

        return new Outcome(Accuracy(classifier, mnist), clock.Elapsed, Epochs);
    }

    public static double Accuracy(MnistClassifier classifier, MnistImages mnist)
    {
        classifier.eval();
        using var scope = NewDisposeScope();
        var digits = PixelScale.ToSigned(mnist.TestImages).unsqueeze(1);
        return classifier.Classify(digits).eq(mnist.TestLabels).to_type(ScalarType.Float32).mean().item<float>();
    }
}

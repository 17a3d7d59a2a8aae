using System.Diagnostics;
using Sweep.Training.Data.Images;
using Sweep.Training.Running;
using Sweep.Training.Scoring;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Bench;

/// <summary>
/// The image experiments' costs on this machine: training the scoring classifier, scoring 26 000
/// Stacked MNIST samples (generation and classification), and the DCGAN iteration per batch size
/// as GFLOP/s against a GEMM measured in the same process.
/// </summary>
public static class ImageBenchmark
{
    public sealed record Iteration(int BatchSize, double MillisecondsPerIteration, double Gflops, double GemmGflops)
    {
        public double RatioToGemm => Gflops / GemmGflops;
    }

    public sealed record Scoring(int Samples, double Seconds, int Modes, double Kl);

    public static TrialSpec Dcgan(string method, int batchSize, int width, int evalSamples = 26_000) => new TrialRequest
    {
        Dataset = "stacked-mnist", Method = method, Seed = 1, Iterations = 1,
        Overrides =
        [
            new("batch_size", batchSize.ToString()), new("g_width", width.ToString()), new("d_width", width.ToString()),
            new("f_width", width.ToString()), new("eval_samples", evalSamples.ToString()), new("ivom_images", "0"),
        ],
    }.Resolve();

    /// <summary>Trains a fresh classifier in a temporary cache (never the user's), returning its accuracy and time.</summary>
    public static ClassifierTraining.Outcome TrainClassifier(DataLocations locations, Action<string> say)
    {
        using var classifier = new MnistClassifier();
        return new ClassifierTraining().Train(classifier, MnistImages.Load(locations), say, CancellationToken.None);
    }

    /// <summary>Modes and KL of an untrained DCGAN generator over <paramref name="samples"/> samples, timed end to end.</summary>
    public static Scoring TimeScoring(DataLocations locations, int width, int samples)
    {
        ScoringClassifier.Get(locations);   // loaded (or trained) before the clock starts
        using var session = new TrialSession(Dcgan("gan", 64, width, samples), locations);
        var clock = Stopwatch.StartNew();
        var metrics = session.Evaluate();
        return new Scoring(samples, clock.Elapsed.TotalSeconds, metrics.Modes!.Value, metrics.Kl!.Value);
    }

    public static Iteration TimeIterations(DataLocations locations, string method, int batchSize, int width, int iterations)
    {
        using var session = new TrialSession(Dcgan(method, batchSize, width), locations);
        for (var i = 0; i < 3; i++) session.Step();   // warm-up
        var gemm = GemmPeak.Measure(1024, 1024, 1024, seconds: 1);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) session.Step();
        var seconds = clock.Elapsed.TotalSeconds;
        var flops = 2.0 * session.Method.MultiplyAddsPerIteration(session.Context) * iterations;
        return new Iteration(batchSize, 1000 * seconds / iterations, flops / seconds / 1e9, gemm);
    }
}

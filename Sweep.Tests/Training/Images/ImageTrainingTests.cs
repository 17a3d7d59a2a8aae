using Sweep.Tests.Support;
using Sweep.Training.Data.Images;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;
using static TorchSharp.torch;

namespace Sweep.Tests.Training.Images;

/// <summary>
/// Every method, init and noise trains on both image datasets: real MNIST for stacked-mnist, and
/// files in CIFAR-10's binary format written here for cifar10. Nets are narrow to stay fast on CPU.
/// </summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class ImageTrainingTests : IDisposable
{
    private static readonly (string, string)[] Small =
    [
        ("g_width", "4"), ("d_width", "4"), ("f_width", "4"), ("batch_size", "16"), ("noise_dim", "8"), ("categories", "4"),
        ("covering_steps", "3"), ("covering_batch", "32"), ("eval_samples", "600"),
        ("ivom_images", "4"), ("ivom_steps", "3"), ("ivom_restarts", "2"), ("unroll_steps", "2"),
    ];

    private readonly string _cifar = ImageFiles.WriteCifarRelease(Directory.CreateTempSubdirectory("sweep-cifar-").FullName);

    public void Dispose() => Directory.Delete(_cifar, recursive: true);

    [Theory]
    [InlineData("stacked-mnist", "gan", "covering", "multimodal")]
    [InlineData("stacked-mnist", "unrolled", "normal", "unimodal")]
    [InlineData("stacked-mnist", "veegan", "covering", "unimodal")]
    [InlineData("stacked-mnist", "ali", "normal", "multimodal")]
    [InlineData("cifar10", "gan", "normal", "unimodal")]
    [InlineData("cifar10", "unrolled", "covering", "multimodal")]
    [InlineData("cifar10", "veegan", "normal", "multimodal")]
    [InlineData("cifar10", "ali", "covering", "unimodal")]
    public void Each_method_trains_on_images_without_nan_and_is_scored(string dataset, string method, string init, string noise)
    {
        var spec = Specs.Trial(dataset, method, init, noise, iterations: 4, set: Small);
        var locations = dataset == "cifar10" ? new DataLocations(RealMnist.Locations.CacheDir, _cifar) : RealMnist.Locations;

        var result = TrialRunner.Run(spec, new TrialRunOptions { Data = locations, Trace = new TraceOptions(EvaluationPoints: 1) }, CancellationToken.None);

        Assert.True(result.Outcome == TrialOutcome.Completed, $"{result.Outcome}: {result.Failure?.Reason}");
        var metrics = result.Metrics!;
        Assert.True(metrics.IvomMean is > 0 and < 4 && double.IsFinite(metrics.IvomStd!.Value), $"IvOM {metrics.IvomMean} ± {metrics.IvomStd}");
        Assert.Null(metrics.HighQuality);
        if (dataset == "stacked-mnist")
        {
            Assert.Equal(1000, metrics.MaxModes);
            // KL to the uniform over 1000 modes can be no smaller than that of a uniform over the modes seen
            // (Jensen): a count and a KL that disagree fail here.
            var modes = metrics.Modes!.Value;
            Assert.True(metrics.Kl >= Math.Log(1000.0 / modes) - 1e-9, $"KL {metrics.Kl} with {modes} modes seen");
        }
        else
        {
            Assert.Null(metrics.Modes);
            Assert.Null(metrics.Kl);
        }

        // The pictures: generated images at the start and the end, and the curve's scores.
        var trace = result.Trace!;
        foreach (var snapshot in new[] { trace.Initial, trace.Final }.Cast<SampleGridSnapshot>())
        {
            Assert.Equal((Snapshots.Images, 3, dataset == "cifar10" ? 32 : 28), (snapshot.Count, snapshot.Channels, snapshot.Height));
            Assert.Equal(snapshot.Count * snapshot.Channels * snapshot.Height * snapshot.Width, snapshot.Pixels.Length);
        }

        Assert.Equal([0, 4], trace.Evaluations.Select(e => e.Iteration));
        Assert.Equal(metrics, trace.Evaluations[^1].Metrics);
        Assert.Equal(dataset == "stacked-mnist", trace.Evaluations[0].Metrics.Modes is > 0);
    }

    [Fact]
    public void An_image_snapshot_holds_the_generators_own_samples_as_bytes()
    {
        var spec = Specs.Trial("cifar10", "gan", iterations: 2, set: [.. Small, ("ivom_images", "0")]);
        using var session = new TrialSession(spec, new DataLocations(RealMnist.Locations.CacheDir, _cifar));
        session.Step();

        SampleGridSnapshot snapshot;
        using (var random = new Generator(5))
            snapshot = (SampleGridSnapshot)Snapshots.Take(session.Data, session.Method, session.Noise, 1, random);

        // The same draws by hand: G in eval mode on the stream's first latents, tanh's [-1, 1] onto 0..255.
        using var again = new Generator(5);
        session.Method.Generator.eval();
        float[] expected;
        using (no_grad())
            expected = session.Method.Generator.forward(session.Noise.GeneratorInput(session.Noise.Latent(Snapshots.Images, again), again))
                .data<float>().ToArray();
        session.Method.Generator.train();
        Assert.Equal(expected.Select(v => (byte)Math.Clamp(Math.Round((v + 1) * 127.5), 0, 255)), snapshot.Pixels.Select(b => b), new ByteWithin(1));
    }

    /// <summary>Bytes equal up to float rounding at a .5 boundary.</summary>
    private sealed class ByteWithin(int tolerance) : IEqualityComparer<byte>
    {
        public bool Equals(byte x, byte y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(byte value) => 0;
    }

    [Fact]
    public void An_image_trial_resumes_from_its_checkpoint_exactly()
    {
        var spec = Specs.Trial("cifar10", "gan", iterations: 6, set: [.. Small, ("ivom_images", "0")]);
        var locations = new DataLocations(RealMnist.Locations.CacheDir, _cifar);
        using var straight = new TrialSession(spec, locations);
        using var first = new TrialSession(spec, locations);
        for (var i = 0; i < 3; i++) first.Step();
        using var resumed = new TrialSession(spec, locations);
        resumed.Restore(first.Checkpoint(3));

        for (var i = 0; i < 3; i++) straight.Step();
        var expected = Enumerable.Range(0, 3).Select(_ => straight.Step()).ToList();
        var actual = Enumerable.Range(0, 3).Select(_ => resumed.Step()).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Image_datasets_take_the_dcgan_preset_and_refuse_knobs_that_do_not_apply()
    {
        Assert.Equal(Presets.Dcgan, Specs.Trial("stacked-mnist", "veegan").Preset);
        Assert.Contains("accepts: dcgan", Assert.Throws<SpecException>(() => Specs.Trial("cifar10", "gan", preset: "lo17")).Message);
        Assert.Contains("accepts: lo17, veegan, metz", Assert.Throws<SpecException>(() => Specs.Trial("ring", "gan", preset: "dcgan")).Message);
        Assert.Equal("ivom_steps", Assert.Throws<SpecException>(() => Specs.Trial("ring", "gan", set: [("ivom_steps", "5")])).Key);
        Assert.Equal("fixed_dataset", Assert.Throws<SpecException>(() => Specs.Trial("cifar10", "gan", set: [("fixed_dataset", "true")])).Key);
        // Synthetic specs do not carry the image knobs, so their ids are what they were before images existed.
        Assert.DoesNotContain("ivom", Specs.Trial("ring", "gan").CanonicalJson());
    }
}

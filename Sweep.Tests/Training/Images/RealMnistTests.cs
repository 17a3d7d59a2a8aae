using Sweep.Tests.Support;
using Sweep.Training.Data.Images;
using Sweep.Training.Scoring;
using static TorchSharp.torch;

namespace Sweep.Tests.Training.Images;

/// <summary>Real MNIST (fetched once per machine) and the scoring classifier (trained once, cached).</summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class RealMnistTests
{
    [Fact]
    public void The_scoring_classifier_reaches_the_required_accuracy_on_the_real_test_set_and_is_shared()
    {
        var cached = ScoringClassifier.Get(RealMnist.Locations);

        // Measured again here, not read back from the cache file.
        var accuracy = ClassifierTraining.Accuracy(cached.Classifier, MnistImages.Load(RealMnist.Locations));
        Assert.True(accuracy >= ClassifierTraining.RequiredAccuracy, $"test accuracy {accuracy:P2}");
        Assert.True(File.Exists(cached.Path));
        Assert.Same(cached.Classifier, ScoringClassifier.Get(RealMnist.Locations).Classifier);
    }

    [Fact]
    public void Stacked_mnist_modes_are_the_digit_triples_of_its_channels_and_cover_about_a_thousand()
    {
        var stacked = new StackedMnist(MnistImages.Load(RealMnist.Locations));
        var classifier = ScoringClassifier.Get(RealMnist.Locations).Classifier;
        using var random = new Generator(5);
        using var scope = NewDisposeScope();

        var (images, modes) = stacked.SampleWithModes(26_000, random);

        Assert.Equal([26_000L, 3 * 28 * 28], images.shape);
        Assert.True(images.min().item<float>() >= -1 && images.max().item<float>() <= 1);
        // Each channel is the digit its label says: the classifier reads the triple back.
        var digits = classifier.Classify(images.view(-1, 1, 28, 28)).view(-1, 3);
        var agreement = StackedMnist.ModeOf(digits).eq(modes).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(agreement > 0.95, $"classifier agrees with the triple labels on {agreement:P1}");
        var score = ModeCounts.Of(modes, StackedMnist.Modes);
        Assert.InRange(score.Modes, 995, 1000);
        Assert.InRange(score.Kl, 0, 0.05);
    }

    [Fact]
    public void A_damaged_cached_file_is_discarded_and_fetched_again()
    {
        var cache = Directory.CreateTempSubdirectory("sweep-cache-").FullName;
        try
        {
            var locations = new DataLocations(cache, null);
            var lines = new List<string>();
            var fetcher = new MnistFetcher(locations, lines.Add);
            Assert.Equal(4, fetcher.Fetch(RealMnist.Locations.MnistDir, CancellationToken.None));
            var labels = Path.Combine(locations.MnistDir, MnistFiles.TestLabels);
            File.WriteAllBytes(labels, File.ReadAllBytes(labels)[..^1]);
            Assert.Contains("does not match its SHA-256", Assert.Throws<DataException>(() => MnistFiles.Verified(locations)).Message);

            Assert.Equal(1, fetcher.Fetch(RealMnist.Locations.MnistDir, CancellationToken.None));

            Assert.Contains(lines, l => l.Contains("fails its SHA-256; discarding it"));
            Assert.Equal(4, MnistFiles.Verified(locations).Count);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Files_that_fail_their_hash_are_never_cached()
    {
        var root = Directory.CreateTempSubdirectory("sweep-fetch-").FullName;
        try
        {
            var source = Directory.CreateDirectory(Path.Combine(root, "source")).FullName;
            foreach (var name in MnistFiles.Sha256.Keys)
                File.Copy(Path.Combine(RealMnist.Locations.MnistDir, name), Path.Combine(source, name));
            File.AppendAllText(Path.Combine(source, MnistFiles.TrainLabels), "x");
            var locations = new DataLocations(Path.Combine(root, "cache"), null);

            var error = Assert.Throws<DataException>(() => new MnistFetcher(locations, _ => { }).Fetch(source, CancellationToken.None));

            Assert.Contains($"{MnistFiles.TrainLabels} from {source} has SHA-256", error.Message);
            Assert.Empty(Directory.GetFiles(locations.MnistDir));
            Assert.Contains("sweep data fetch mnist", Assert.Throws<DataException>(() => MnistFiles.Verified(locations)).Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

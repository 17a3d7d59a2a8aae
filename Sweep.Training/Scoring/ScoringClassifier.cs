using TorchSharp;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sweep.Training.Data.Images;
using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>
/// The trained MNIST classifier every Stacked MNIST trial scores with: trained once, cached under a
/// name derived from its training config and the data's hashes, and loaded once per process (all
/// trials of a node share one read-only copy). A cached file that does not load is trained again.
/// </summary>
public static class ScoringClassifier
{
    public sealed record Cached(MnistClassifier Classifier, double TestAccuracy, string Path);

    public static Cached Get(DataLocations locations, ClassifierTraining? config = null, Action<string>? say = null, CancellationToken cancellation = default)
    {
        config ??= new ClassifierTraining();
        var path = PathFor(locations, config);
        return SharedData.Get("classifier:" + path, () => LoadOrTrain(locations, config, path, say, cancellation));
    }

    /// <summary>The classifier on <paramref name="device"/>: one shared read-only copy per device, of the CPU's weights.</summary>
    public static MnistClassifier On(Cached cached, Device device) => device.type == DeviceType.CPU ? cached.Classifier
        : SharedData.Get($"classifier:{cached.Path}@{device}", () =>
        {
            using var weights = new MemoryStream();
            using (var writer = new BinaryWriter(weights, Encoding.UTF8, leaveOpen: true)) cached.Classifier.save(writer);
            weights.Position = 0;
            var copy = new MnistClassifier();
            using (var reader = new BinaryReader(weights)) copy.load(reader);
            copy.to(device);
            copy.eval();
            foreach (var p in copy.parameters()) p.requires_grad = false;
            return copy;
        });

    public static string PathFor(DataLocations locations, ClassifierTraining config)
    {
        var key = JsonSerializer.Serialize(config) + string.Concat(MnistFiles.Sha256.OrderBy(f => f.Key).Select(f => f.Value));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        return Path.Combine(locations.ClassifierDir, $"mnist-{hash}.bin");
    }

    private static Cached LoadOrTrain(DataLocations locations, ClassifierTraining config, string path, Action<string>? say, CancellationToken cancellation)
    {
        var classifier = new MnistClassifier();
        if (!TryLoad(classifier, path, out var accuracy))
        {
            say?.Invoke($"Training the MNIST scoring classifier once ({config.Epochs} epochs); it is cached in {path}.");
            accuracy = config.Train(classifier, MnistImages.Load(locations), say, cancellation).TestAccuracy;
            if (accuracy < ClassifierTraining.RequiredAccuracy)
                throw new InvalidOperationException(
                    $"the MNIST scoring classifier reached {accuracy:P2} test accuracy, below the {ClassifierTraining.RequiredAccuracy:P1} its scores need.");
            Save(classifier, accuracy, path);
        }

        // Shared read-only by every trial of the process from here on.
        classifier.eval();
        foreach (var p in classifier.parameters()) p.requires_grad = false;
        return new Cached(classifier, accuracy, path);
    }

    private static bool TryLoad(MnistClassifier classifier, string path, out double accuracy)
    {
        accuracy = 0;
        if (!File.Exists(path)) return false;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            accuracy = reader.ReadDouble();
            classifier.load(reader);
            return true;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ArgumentException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Written beside the target and renamed, so a concurrent reader never sees half a file.</summary>
    private static void Save(MnistClassifier classifier, double accuracy, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(accuracy);
            classifier.save(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

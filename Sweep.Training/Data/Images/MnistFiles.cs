using System.Security.Cryptography;

namespace Sweep.Training.Data.Images;

/// <summary>The four original MNIST IDX files, their SHA-256 and the cache folder that holds them.</summary>
public static class MnistFiles
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        [TrainImages] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        [TrainLabels] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        [TestImages] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        [TestLabels] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    public const string HowToFetch = "Run 'sweep data fetch mnist' (or 'sweep data fetch mnist --from DIR' with a folder holding the four IDX files).";

    /// <summary>The cached files, each checked against its hash; throws naming what is missing or damaged.</summary>
    public static IReadOnlyDictionary<string, string> Verified(DataLocations locations)
    {
        var paths = new Dictionary<string, string>();
        foreach (var (name, hash) in Sha256)
        {
            var path = Path.Combine(locations.MnistDir, name);
            if (!File.Exists(path))
                throw new DataException($"mnist: {path} is missing. {HowToFetch}");
            if (HashOf(path) != hash)
                throw new DataException($"mnist: {path} does not match its SHA-256 (damaged or a different file). {HowToFetch}");
            paths[name] = path;
        }

        return paths;
    }

    public static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

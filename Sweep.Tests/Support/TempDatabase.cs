using Sweep.Store;

namespace Sweep.Tests.Support;

/// <summary>A real LiteDB file in a fresh temp folder, deleted with the folder.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("sweep-test-").FullName;
        Path = System.IO.Path.Combine(Folder, "sweep.db");
    }

    public string Folder { get; }
    public string Path { get; }

    public SweepStore Open() => SweepStore.Open(Path);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

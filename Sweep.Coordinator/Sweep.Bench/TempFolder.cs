namespace Sweep.Bench;

/// <summary>A fresh temp folder for one benchmark case, deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sweep-bench-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

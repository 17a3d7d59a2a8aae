namespace Sweep.Tests.Support;

/// <summary>The repository the tests were built from (shipped sweep files live there).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string Sweeps(string file) => Path.Combine(Root, "sweeps", file);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sweep.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Sweep.sln not found above the test assembly");
    }
}

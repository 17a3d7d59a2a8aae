using System.CommandLine;
using Sweep.Store;

namespace Sweep.Coordinator.Cli;

/// <summary><c>--db</c>: the sweep database every command reads or writes.</summary>
public static class DatabaseOption
{
    public const string Default = "sweep.db";

    public static Option<string> Create() => new("--db")
    {
        Description = $"The sweep database (a LiteDB file; default ./{Default}).",
        DefaultValueFactory = _ => Default,
    };

    /// <summary>
    /// Opens an existing store to read and write; a missing file is bad input rather than a new empty
    /// database. (A held, damaged or foreign file is a <see cref="StoreException"/>, which the command
    /// line reports as bad input, exit 2, like every other store refusal.)
    /// </summary>
    public static SweepStore OpenExisting(string path) =>
        File.Exists(path) ? SweepStore.Open(path) : throw new UsageException($"--db: {path} does not exist. Run a sweep first (sweep run FILE --db {path}).");
}

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

    /// <summary>Opens the store; a held, corrupt or foreign file is bad input (exit 2), and nothing is written.</summary>
    public static SweepStore Open(string path)
    {
        try
        {
            return SweepStore.Open(path);
        }
        catch (StoreException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Opens an existing store to read and write; a missing file is bad input rather than a new empty database.</summary>
    public static SweepStore OpenExisting(string path) =>
        File.Exists(path) ? Open(path) : throw new UsageException($"--db: {path} does not exist. Run a sweep first (sweep run FILE --db {path}).");

    /// <summary>
    /// Opens an existing store to read it only: the files are opened read-only, so a status, export,
    /// report or plot cannot change a byte, and works on a read-only file.
    /// </summary>
    public static SweepStore OpenToRead(string path)
    {
        try
        {
            return SweepStore.OpenReadOnly(path);
        }
        catch (StoreException e)
        {
            throw new UsageException(e.Message);
        }
    }
}

namespace Sweep.Store;

/// <summary>The database cannot be used as given (exit 2): held by another process, not a Sweep database, written by a newer Sweep, or damaged.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Another process holds the database (a running sweep or coordinator).</summary>
    public bool HeldByAnother { get; init; }
}

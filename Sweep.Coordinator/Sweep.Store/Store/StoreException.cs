namespace Sweep.Store;

/// <summary>The database cannot be used: held by another process, not a Sweep/LiteDB file, or failed on I/O.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);

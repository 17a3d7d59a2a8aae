namespace Sweep.Store;

/// <summary>
/// A write to the database failed (a full disk, a file size limit, an I/O error): the process cannot
/// go on (exit 1), and the last committed state is intact. Unlike <see cref="StoreException"/>, the
/// user's input was not at fault.
/// </summary>
public sealed class StoreFailedException(string message, Exception? inner = null) : Exception(message, inner);

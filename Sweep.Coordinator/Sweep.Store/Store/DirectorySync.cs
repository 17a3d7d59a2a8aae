using System.Runtime.InteropServices;

namespace Sweep.Store;

/// <summary>
/// fsync of a folder, so a file renamed into it survives a power cut. .NET has no API for it
/// (a folder cannot be opened as a FileStream), so this calls libc; on other systems it does nothing.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000;   // O_RDONLY | O_DIRECTORY on Linux

    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        var handle = Open(System.Text.Encoding.UTF8.GetBytes(folder + "\0"), ReadOnlyDirectory);
        if (handle < 0) throw new IOException($"{folder}: cannot open the folder to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(handle) != 0) throw new IOException($"{folder}: fsync failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(handle);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] nulTerminatedUtf8Path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int handle);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int handle);
}

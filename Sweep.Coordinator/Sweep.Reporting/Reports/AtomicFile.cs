namespace Sweep.Reporting;

/// <summary>Writes a file whole or not at all: to a temporary name beside it, then renamed over it.</summary>
public static class AtomicFile
{
    public static void Write(string path, byte[] bytes)
    {
        var temporary = $"{path}.partial-{Environment.ProcessId}";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);   // nothing left behind when the write or the rename failed
        }
    }
}

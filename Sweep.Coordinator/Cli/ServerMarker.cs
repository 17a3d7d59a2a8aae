using Sweep.Reporting;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// <c>DB.http</c> beside a database: the URL of the server of the process holding it, so that the
/// read commands, refused the file while it is held, can read from that server instead. Written
/// once the server is up, removed when the process lets go of the database; one left by a killed
/// process is only read while the database is held again, and the next holder replaces or removes it.
/// </summary>
public static class ServerMarker
{
    public static string PathFor(string database) => Path.GetFullPath(database) + ".http";

    public static void Write(string database, Uri url) => AtomicFile.Write(PathFor(database), System.Text.Encoding.UTF8.GetBytes(url + "\n"));

    public static void Remove(string database)
    {
        try
        {
            File.Delete(PathFor(database));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder: the marker is only consulted while the database is held, so a stale one misleads nobody.
        }
    }

    /// <returns>null when there is none, or it does not hold a URL.</returns>
    public static Uri? Read(string database)
    {
        try
        {
            return Uri.TryCreate(File.ReadAllText(PathFor(database)).Trim(), UriKind.Absolute, out var url) ? url : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

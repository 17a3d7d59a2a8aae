namespace Sweep.Reporting.Html;

/// <summary>
/// A report's folder, written whole or not at all: everything goes into a new folder beside the
/// target, which then takes the target's place. A folder that is not an earlier Sweep report is
/// never replaced.
/// </summary>
internal static class ReportFolder
{
    public const string Page = "index.html";

    /// <summary>Written into every report page, so a later report knows the folder is one it may replace.</summary>
    public const string Marker = "<meta name=\"generator\" content=\"sweep report\">";

    /// <exception cref="ReportException">The target exists and is not a Sweep report, or its parent folder is missing.</exception>
    public static void CheckReplaceable(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
            throw new ReportException("--out: expected a folder name.");
        var full = Path.GetFullPath(folder);
        if (File.Exists(full))
            throw new ReportException($"--out: {folder} is a file; a report is a folder. Choose a new folder name.");
        if (!Directory.Exists(Path.GetDirectoryName(full)))
            throw new ReportException($"--out: the folder that would hold {folder} does not exist.");
        if (!Directory.Exists(full)) return;
        var page = Path.Combine(full, Page);
        if (!File.Exists(page) || !File.ReadLines(page).Take(12).Any(line => line.Contains(Marker, StringComparison.Ordinal)))
            throw new ReportException($"--out: {folder} exists and is not a Sweep report; nothing was written. Choose a new folder.");
    }

    /// <summary>Runs <paramref name="write"/> into a fresh folder, then puts that folder at <paramref name="folder"/>.</summary>
    public static void Replace(string folder, Action<string> write)
    {
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var staging = $"{full}.partial-{Environment.ProcessId}";
        var old = $"{full}.old-{Environment.ProcessId}";
        Directory.CreateDirectory(staging);
        try
        {
            write(staging);
            if (Directory.Exists(full)) Directory.Move(full, old);
            try
            {
                Directory.Move(staging, full);
            }
            catch (IOException) when (Directory.Exists(old))
            {
                Directory.Move(old, full);   // the earlier report goes back where it was
                throw;
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }

        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }
}

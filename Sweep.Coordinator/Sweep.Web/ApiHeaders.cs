namespace Sweep.Web;

/// <summary>Response headers of the JSON API that its clients (the command line's <c>--server</c>) read.</summary>
public static class ApiHeaders
{
    /// <summary>On a JSON export: the trials (ids, space-separated) whose stored trace could not be read, so whose curve is missing.</summary>
    public const string UnreadableCurves = "Sweep-Unreadable-Curves";
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sweep.Reporting;

/// <summary>
/// The one convention of every JSON document Sweep prints or writes for people and their scripts
/// (<c>sweep trial --json</c>, <c>sweep export --format json</c>): snake_case keys, enum values
/// as the sweep files spell them (kebab-case), nulls written, and a <c>schema_version</c> key.
/// </summary>
public static class PublicJson
{
    /// <summary>
    /// 2: one casing everywhere (<c>trial --json</c> was camelCase), the version key itself, and an
    /// export schema of its own instead of the database record's. Raise it when a key changes meaning or goes.
    /// </summary>
    public const int SchemaVersion = 2;

    public const string VersionKey = "schema_version";

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}

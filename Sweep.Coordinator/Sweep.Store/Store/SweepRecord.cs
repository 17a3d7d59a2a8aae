using LiteDB;

namespace Sweep.Store;

/// <summary>A sweep as stored: its file's text, the fingerprint of its expanded grid and its trials.</summary>
public sealed record SweepRecord
{
    [BsonId]
    public string Name { get; init; } = "";

    public string Fingerprint { get; init; } = "";

    /// <summary>The sweep file's YAML as it was when the sweep was created or last extended.</summary>
    public string Definition { get; init; } = "";

    public List<string> TrialIds { get; init; } = [];

    public DateTime CreatedUtc { get; init; }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sweep.Reporting;

/// <summary>Machine-readable export: the sweep (with its file), every trial with its full spec, every group.</summary>
public static class JsonExport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <param name="compared">A paper's numbers beside the sweep's (<c>--compare</c>), under "comparison".</param>
    public static string Render(SweepReport report, ComparisonText.Compared? compared = null)
    {
        var document = new JsonObject
        {
            ["sweep"] = new JsonObject
            {
                ["name"] = report.Sweep.Name,
                ["fingerprint"] = report.Sweep.Fingerprint,
                ["created_utc"] = report.Sweep.CreatedUtc,
                ["definition"] = report.Sweep.Definition,
            },
            ["groups"] = new JsonArray(report.Groups.Select(g => (JsonNode?)new JsonObject
            {
                ["dataset"] = g.Dataset, ["method"] = g.Method, ["init"] = g.Init, ["noise"] = g.Noise, ["preset"] = g.Preset,
                ["trials"] = g.Trials, ["completed"] = g.Completed, ["max_modes"] = g.MaxModes,
                ["modes"] = Summary(g.Modes), ["high_quality"] = Summary(g.HighQuality), ["kl"] = Summary(g.Kl), ["ivom"] = Summary(g.Ivom),
                ["shell_modes"] = Summary(g.ShellModes), ["shell_high_quality"] = Summary(g.ShellHighQuality),
            }).ToArray()),
            ["stale_note"] = report.StaleNote,
            ["trials"] = new JsonArray(TrialRows.Of(report).Select(row =>
            {
                var node = Node(row.Record with { Spec = "" })!.AsObject();
                node["spec"] = JsonNode.Parse(row.Record.Spec);
                node["revision"] = row.Revision;
                node["stale"] = row.Stale;
                return (JsonNode?)node;
            }).ToArray()),
        };
        if (compared is not null) document["comparison"] = ComparisonText.Json(compared);
        return document.ToJsonString(Options);
    }

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    /// <summary>A metric over seeds; std and CI are null where undefined (a single seed): JSON has no NaN.</summary>
    private static JsonObject? Summary(MetricSummary? s) => s is null ? null : new JsonObject
    {
        ["n"] = s.N,
        ["mean"] = s.Mean,
        ["std"] = double.IsFinite(s.Std) ? s.Std : null,
        ["ci95"] = double.IsFinite(s.Ci95) ? s.Ci95 : null,
    };
}

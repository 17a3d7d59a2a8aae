using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sweep.Store;
using Sweep.Training.Tracing;

namespace Sweep.Reporting;

/// <summary>Machine-readable export: the sweep (with its file), every trial with its full spec and score curve, every group.</summary>
public static class JsonExport
{
    /// <param name="compared">A paper's numbers beside the sweep's (<c>--compare</c>), under "comparison".</param>
    /// <param name="curves">Finished trials' scores during training (<see cref="ScoreCurves"/>), under each trial's "scores"; null where a trial has none.</param>
    public static string Render(SweepReport report, ComparisonText.Compared? compared = null, IReadOnlyDictionary<string, IReadOnlyList<EvaluationPoint>>? curves = null)
    {
        var document = new JsonObject
        {
            [PublicJson.VersionKey] = PublicJson.SchemaVersion,
            ["sweep"] = Sweep(report),
            ["groups"] = Groups(report),
            ["comparisons"] = new JsonArray(report.Comparisons.Select(c => (JsonNode?)SeedStatisticsText.Json(c)).ToArray()),
            ["stale_note"] = report.StaleNote,
            ["trials"] = Trials(report, curves),
        };
        if (compared is not null) document["comparison"] = ComparisonText.Json(compared);
        return document.ToJsonString(PublicJson.Options);
    }

    /// <summary>The sweep's name, fingerprint, creation time and file.</summary>
    public static JsonObject Sweep(SweepReport report) => new()
    {
        ["name"] = report.Sweep.Name,
        ["fingerprint"] = report.Sweep.Fingerprint,
        ["created_utc"] = report.Sweep.CreatedUtc,
        ["definition"] = report.Sweep.Definition,
    };

    /// <summary>Every group (all axes but the seed) with its metrics over seeds.</summary>
    public static JsonArray Groups(SweepReport report) => new(report.Groups.Select(g => (JsonNode?)new JsonObject
    {
        ["dataset"] = g.Dataset, ["method"] = g.Method, ["init"] = g.Init, ["noise"] = g.Noise, ["preset"] = g.Preset,
        ["trials"] = g.Trials, ["completed"] = g.Completed, ["max_modes"] = g.MaxModes,
        ["modes"] = Summary(g.Modes), ["high_quality"] = Summary(g.HighQuality), ["kl"] = Summary(g.Kl), ["ivom"] = Summary(g.Ivom),
        ["shell_modes"] = Summary(g.ShellModes), ["shell_high_quality"] = Summary(g.ShellHighQuality),
        ["seeds"] = new JsonObject(g.Metrics.Select(m => KeyValuePair.Create(m.Name(), (JsonNode?)SeedStatisticsText.Json(g.Statistics(m))))),
        ["collapse"] = SeedStatisticsText.Json(g.Collapse),
    }).ToArray());

    /// <summary>Every trial in grid order (<see cref="Trial"/>), with its score curve.</summary>
    private static JsonArray Trials(SweepReport report, IReadOnlyDictionary<string, IReadOnlyList<EvaluationPoint>>? curves) => new(TrialRows.Of(report).Select(row =>
    {
        var trial = Trial(row);
        trial["scores"] = curves?.GetValueOrDefault(row.Record.Id) is { } points ? ScoreCurves.Json(points) : null;
        return (JsonNode?)trial;
    }).ToArray());

    /// <summary>One trial as exported: the export's own keys, not the database record's shape.</summary>
    public static JsonObject Trial(TrialRow row)
    {
        var t = row.Record;
        return new JsonObject
        {
            ["id"] = t.Id, ["state"] = Value(t.State), ["attempt"] = t.Attempt, ["failures"] = t.Failures, ["node"] = t.Node, ["device"] = t.Device,
            ["iteration"] = t.Iteration, ["start_iteration"] = t.StartIteration,
            ["started_utc"] = t.StartedUtc, ["finished_utc"] = t.FinishedUtc, ["seconds"] = t.Seconds,
            ["modes"] = t.Modes, ["max_modes"] = t.MaxModes, ["high_quality"] = t.HighQuality,
            ["shell_modes"] = t.ShellModes, ["shell_high_quality"] = t.ShellHighQuality,
            ["kl"] = t.Kl, ["ivom_mean"] = t.IvomMean, ["ivom_std"] = t.IvomStd, ["categories"] = t.Categories,
            ["error"] = t.Error, ["retryable"] = t.Retryable, ["imported_from"] = t.ImportedFrom, ["processor"] = t.Processor,
            ["spec"] = JsonNode.Parse(t.Spec), ["revision"] = row.Revision, ["stale"] = row.Stale,
        };
    }

    /// <summary>A trial as <see cref="Trial"/> writes it, back into a record (what the HTTP API's readers rebuild reports from).</summary>
    public static TrialRecord ReadTrial(JsonNode t) => new()
    {
        Id = (string)t["id"]!, Spec = t["spec"]!.ToJsonString(), State = Enum.Parse<TrialState>((string)t["state"]!, ignoreCase: true),
        Attempt = (int)t["attempt"]!, Failures = (int)t["failures"]!, Node = (string?)t["node"], Device = (string?)t["device"],
        Iteration = (int)t["iteration"]!, StartIteration = (int)t["start_iteration"]!,
        StartedUtc = (DateTime?)t["started_utc"], FinishedUtc = (DateTime?)t["finished_utc"], Seconds = (double)t["seconds"]!,
        Modes = (int?)t["modes"], MaxModes = (int?)t["max_modes"], HighQuality = (double?)t["high_quality"],
        ShellModes = (int?)t["shell_modes"], ShellHighQuality = (double?)t["shell_high_quality"],
        Kl = (double?)t["kl"], IvomMean = (double?)t["ivom_mean"], IvomStd = (double?)t["ivom_std"], Categories = (int?)t["categories"],
        Error = (string?)t["error"], Retryable = (bool?)t["retryable"], ImportedFrom = (string?)t["imported_from"], Processor = (string?)t["processor"],
    };

    private static JsonNode? Value<T>(T value) => JsonSerializer.SerializeToNode(value, PublicJson.Options);

    /// <summary>A metric over seeds; std and CI are null where undefined (a single seed): JSON has no NaN.</summary>
    private static JsonObject? Summary(MetricSummary? s) => s is null ? null : new JsonObject
    {
        ["n"] = s.N,
        ["mean"] = s.Mean,
        ["std"] = double.IsFinite(s.Std) ? s.Std : null,
        ["ci95"] = double.IsFinite(s.Ci95) ? s.Ci95 : null,
    };
}

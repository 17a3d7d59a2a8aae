using System.Text.Json;
using System.Text.Json.Nodes;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// A sweep as <c>sweep export NAME --format json</c> wrote it, read back and checked: the sweep and
/// the pending trials its file expands to (the grid it was exported with), and the trials that
/// had finished (completed, failed or abandoned), each still tied to the spec that produced it,
/// with the score curves of those the export carried one for.
/// </summary>
internal sealed record ExportedSweep(
    SweepRecord Sweep, IReadOnlyList<TrialRecord> Grid, IReadOnlyList<TrialRecord> Finished, IReadOnlyDictionary<string, IReadOnlyList<EvaluationPoint>> Curves)
{
    private const string Accepted = "accepted: a file written by 'sweep export NAME --format json'";

    /// <exception cref="UsageException">
    /// The file is missing or not such an export, its sweep file does not expand to the grid it was
    /// exported with, or a row's spec does not hash to its id; the message names the file and the place.
    /// </exception>
    /// <exception cref="SweepFileException">The sweep file inside the export does not read.</exception>
    public static ExportedSweep Read(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"{path} does not exist; {Accepted}.");
        JsonNode document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(path)) ?? throw new UsageException($"{path}: empty; {Accepted}.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path}:{(e.LineNumber ?? 0) + 1}: not JSON ({e.Message.Split(" LineNumber")[0].TrimEnd('.')}); {Accepted}.");
        }

        var version = Required(document, PublicJson.VersionKey, path, n => (int)n);
        if (version != PublicJson.SchemaVersion)
            throw new UsageException($"{path}: {PublicJson.VersionKey} {version}; this Sweep reads exports of version {PublicJson.SchemaVersion}.");
        var sweep = Required(document, "sweep", path, n => n.AsObject());
        var name = Required(sweep, "name", path, n => (string)n!, "sweep.");
        var definition = Required(sweep, "definition", path, n => (string)n!, "sweep.");
        var parsed = SweepFileReader.Read(definition, $"{path}: sweep.definition");
        if (parsed.Name != name)
            throw new UsageException($"{path}: sweep.name is '{name}' but its definition names '{parsed.Name}'; the file was edited. Nothing was imported.");

        // The sweep and its pending trials exactly as a run admitting this file would create them.
        var admitted = SweepAdmission.Admit(parsed, definition, stored: null, _ => [], extend: false, Required(sweep, "created_utc", path, n => (DateTime)n!, "sweep."));
        var fingerprint = Required(sweep, "fingerprint", path, n => (string)n!, "sweep.");
        if (admitted.Sweep.Fingerprint != fingerprint)
            throw new UsageException($"{path}: its sweep file expands to the grid {admitted.Sweep.Fingerprint}, not to the {fingerprint} it was exported with (the file was edited, " +
                                     "or this Sweep expands grids differently from the one that exported it). Nothing was imported.");

        var trials = Required(document, "trials", path, n => n.AsArray());
        var finished = new List<TrialRecord>();
        var curves = new Dictionary<string, IReadOnlyList<EvaluationPoint>>();
        foreach (var (row, index) in trials.Select((row, index) => (row, index)))
        {
            var trial = Trial(row, index, path);
            if (!trial.State.IsFinal()) continue;
            finished.Add(trial);
            if (Curve(row!, index, path) is { Count: > 0 } curve) curves[trial.Id] = curve;
        }

        return new ExportedSweep(admitted.Sweep, admitted.NewTrials, finished, curves);
    }

    /// <summary>A row's score curve; null in exports from before they carried one.</summary>
    private static IReadOnlyList<EvaluationPoint>? Curve(JsonNode row, int index, string path)
    {
        if (row["scores"] is not { } scores) return null;
        try
        {
            return ScoreCurves.Read(scores);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{path}: trials[{index}].scores: {e.Message}; {Accepted}. Nothing was imported.");
        }
    }

    /// <summary>One exported trial as a record, its spec in canonical form; refused when the spec does not hash to the row's id.</summary>
    private static TrialRecord Trial(JsonNode? row, int index, string path)
    {
        var place = $"{path}: trials[{index}]";
        TrialRecord trial;
        string canonical;
        try
        {
            trial = JsonExport.ReadTrial(row ?? throw new InvalidOperationException("null"));
            canonical = TrialSpec.FromJson(trial.Spec).CanonicalJson();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException or NullReferenceException)
        {
            throw new UsageException($"{place}: not a trial as exported ({e.Message.TrimEnd('.')}); {Accepted}. Nothing was imported.");
        }

        var id = TrialSpec.IdOf(canonical);
        if (id != trial.Id)
            throw new UsageException($"{place}: its spec hashes to trial {id}, not to its id {trial.Id}: the row was edited, so its result is not that spec's. Nothing was imported.");
        return trial with { Spec = canonical };
    }

    private static T Required<T>(JsonNode node, string key, string path, Func<JsonNode, T> read, string prefix = "")
    {
        try
        {
            return node[key] is { } value ? read(value) : throw new InvalidOperationException("missing");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new UsageException($"{path}: {prefix}{key}: {(node[key] is null ? "missing" : "not the kind of value an export has")}; {Accepted}.");
        }
    }
}

using System.Text.Json.Nodes;
using Sweep.Coordinator.Cli;
using Sweep.Store;
using Sweep.Training.Tracing;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary>
/// <c>sweep import</c>: a sweep moves to another database as its JSON export, and the trials it had
/// not finished run there. Real runs, exports and databases, the real command as a child process.
/// </summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class ImportCommandTests : IDisposable
{
    private const string Name = "moved";
    private readonly TempDatabase _source = new();
    private readonly TempDatabase _target = new();

    [Fact]
    public async Task An_export_taken_mid_run_moves_its_finished_results_and_the_rest_run_to_what_they_give_where_they_started()
    {
        var export = await RunAndExportAsync();
        var original = Trials(export);
        // As an export taken while the third seed still ran would have it.
        MakePending(export, index: 2);

        var import = await SweepProcess.RunAsync("import", export, "--db", _target.Path);

        Assert.Equal(ExitCodes.Ok, import.ExitCode);
        Assert.Contains($"sweep {Name}: 2 completed and 0 failed or abandoned trial(s) imported", import.Stdout);
        using (var store = _target.Open())
        {
            var sweep = store.FindSweep(Name)!;
            Assert.Equal((string)JsonNode.Parse(File.ReadAllText(export))!["sweep"]!["fingerprint"]!, sweep.Fingerprint);
            var trials = store.Trials(sweep.TrialIds);
            Assert.Equal([TrialState.Completed, TrialState.Completed, TrialState.Pending], trials.Select(t => t.State));
            Assert.All(trials.Take(2), t => Assert.StartsWith(Path.GetFileName(export) + ", imported ", t.ImportedFrom));
            Assert.Null(trials[2].ImportedFrom);
            // Each imported result keeps the score curve its export carried, as a trace of the curve alone.
            foreach (var (trial, exported) in trials.Take(2).Zip(original))
            {
                var trace = TraceFormat.Read(store.FindTrace(trial.Id)!);
                Assert.Equal(Curve(exported), trace.Evaluations.Select(e => (e.Iteration, e.Metrics.Modes, e.Metrics.HighQuality)));
                Assert.Equal((0, 30), (trace.Evaluations[0].Iteration, trace.Evaluations[^1].Iteration));   // from the start to the trial's last iteration
                Assert.True(trace.Initial is null && trace.Final is null && trace.Losses.Count == 0, "an export carries no snapshots or losses");
            }
        }

        var resume = await SweepProcess.RunAsync("resume", Name, "--db", _target.Path, "--http", "off");

        Assert.Equal(ExitCodes.Ok, resume.ExitCode);
        Assert.Contains("1 to run", resume.Stderr + resume.Stdout);
        var moved = Trials(await ExportAsync(_target, "after.json"));
        // The imported results are the source's, untouched by the resume; the third ran here from its seed to the source's result.
        Assert.Equal(original.Select(Result), moved.Select(Result));
        Assert.Equal(original.Take(2).Select(t => (double)t["seconds"]!), moved.Take(2).Select(t => (double)t["seconds"]!));
        Assert.NotNull((string?)moved[1]["imported_from"]);
        Assert.Null((string?)moved[2]["imported_from"]);
        // Exported again, the imported curves are the source's, and the trial that ran here has its own.
        Assert.Equal(original.Select(Curve), moved.Select(Curve));
    }

    [Fact]
    public async Task A_result_finished_in_the_database_is_kept_and_the_export_s_is_not_written_over_it()
    {
        var export = await RunAndExportAsync();
        var first = Trials(export)[0];
        var sweep = JsonNode.Parse(File.ReadAllText(export))!["sweep"]!;
        using (var store = _target.Open())
            // The same sweep, its first trial finished here with another result.
            store.SaveSweep(
                new SweepRecord { Name = Name, Fingerprint = (string)sweep["fingerprint"]!, Definition = (string)sweep["definition"]!, TrialIds = [(string)first["id"]!] },
                [new TrialRecord { Id = (string)first["id"]!, Spec = first["spec"]!.ToJsonString(), State = TrialState.Completed, Attempt = 1, Modes = 1, MaxModes = 8, HighQuality = 0.25 }]);

        var import = await SweepProcess.RunAsync("import", export, "--db", _target.Path);

        Assert.Equal(ExitCodes.Ok, import.ExitCode);
        Assert.Contains("2 completed and 0 failed or abandoned trial(s) imported", import.Stdout);
        Assert.Contains("1 already finished there kept as they were", import.Stdout);
        using var stored = _target.Open();
        var kept = stored.FindTrial((string)first["id"]!)!;
        Assert.Equal((1, 0.25), (kept.Modes, kept.HighQuality));
        Assert.Null(kept.ImportedFrom);
    }

    [Fact]
    public async Task A_trace_that_does_not_read_costs_its_trial_the_curve_in_the_export_and_nothing_else()
    {
        var before = Trials(await RunAndExportAsync());
        var damaged = (string)before[1]["id"]!;
        using (var db = new LiteDB.LiteDatabase(_source.Path))
            db.GetCollection("traces").Upsert(new LiteDB.BsonDocument { ["_id"] = damaged, ["trace"] = new byte[] { 1, 2, 3 } });

        var export = await SweepProcess.RunAsync("export", Name, "--format", "json", "--db", _source.Path);

        Assert.Equal(ExitCodes.Ok, export.ExitCode);
        Assert.Contains($"trial {damaged}: its stored trace cannot be read", export.Stderr);
        var after = JsonNode.Parse(export.Stdout)!["trials"]!.AsArray().Select(t => t!).ToList();
        Assert.Equal(before.Select(Result), after.Select(Result));
        Assert.Null(after[1]["scores"]);
        Assert.Equal(Curve(before[0]), Curve(after[0]));
        Assert.Equal(Curve(before[2]), Curve(after[2]));
    }

    public static TheoryData<string, string> Tampering => new()
    {
        { "seed", "trials[0]: its spec hashes to trial " },
        { "schema", "schema_version 1; this Sweep reads exports of version 2" },
        { "name", "sweep.name is 'elsewhere' but its definition names 'moved'" },
        { "fingerprint", "its sweep file expands to the grid " },
        { "json", ": not JSON (" },
        { "scores", "trials[0].scores: the points' iterations do not increase" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task An_edited_export_is_refused_naming_the_place_and_no_database_is_written(string edit, string message)
    {
        var export = await RunAndExportAsync();
        var document = JsonNode.Parse(File.ReadAllText(export))!;
        switch (edit)
        {
            case "seed": document["trials"]![0]!["spec"]!["seed"] = 7; break;
            case "schema": document["schema_version"] = 1; break;
            case "name": document["sweep"]!["name"] = "elsewhere"; break;
            case "fingerprint": document["sweep"]!["fingerprint"] = "0000000000000000"; break;
            case "scores": document["trials"]![0]!["scores"]![1]!["iteration"] = 0; break;
        }

        File.WriteAllText(export, edit == "json" ? document.ToJsonString()[..^2] : document.ToJsonString());

        var import = await SweepProcess.RunAsync("import", export, "--db", _target.Path);

        Assert.Equal(ExitCodes.BadInput, import.ExitCode);
        Assert.Contains(export, import.Stderr);
        Assert.Contains(message, import.Stderr);
        Assert.DoesNotContain("   at ", import.Stderr);
        Assert.False(File.Exists(_target.Path));
    }

    [Fact]
    public async Task A_database_holding_another_grid_under_the_same_name_is_refused_and_left_as_it_was()
    {
        var export = await RunAndExportAsync();
        using (var store = _target.Open())
            store.SaveSweep(new SweepRecord { Name = Name, Fingerprint = "another", Definition = SweepFiles.Ring(Name, seeds: 5), TrialIds = [] }, []);
        var before = FileHash.Of(_target.Path);

        var import = await SweepProcess.RunAsync("import", export, "--db", _target.Path);

        Assert.Equal(ExitCodes.BadInput, import.ExitCode);
        Assert.Contains($"holds a sweep '{Name}' with another grid (another, not ", import.Stderr);
        Assert.Equal(before, FileHash.Of(_target.Path));
    }

    /// <summary>Runs a 3-seed ring sweep of 30 iterations in the source database and exports it as JSON.</summary>
    private async Task<string> RunAndExportAsync()
    {
        var file = Path.Combine(_source.Folder, $"{Name}.yaml");
        await File.WriteAllTextAsync(file, SweepFiles.Ring(Name, seeds: 3, iterations: 30));
        var run = await SweepProcess.RunAsync("run", file, "--db", _source.Path, "--http", "off");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        return await ExportAsync(_source, "export.json");
    }

    private async Task<string> ExportAsync(TempDatabase database, string fileName)
    {
        var path = Path.Combine(_source.Folder, fileName);
        var export = await SweepProcess.RunAsync("export", Name, "--format", "json", "--db", database.Path, "--out", path);
        Assert.True(export.ExitCode == ExitCodes.Ok, export.Stderr);
        return path;
    }

    private static List<JsonNode> Trials(string export) => [.. JsonNode.Parse(File.ReadAllText(export))!["trials"]!.AsArray().Select(t => t!)];

    private static void MakePending(string export, int index)
    {
        var document = JsonNode.Parse(File.ReadAllText(export))!;
        var trial = document["trials"]![index]!;
        foreach (var key in new[] { "modes", "max_modes", "high_quality", "finished_utc", "started_utc", "node", "device", "scores" }) trial[key] = null;
        trial["state"] = "pending";
        trial["attempt"] = 0;
        trial["iteration"] = 0;
        trial["seconds"] = 0.0;
        File.WriteAllText(export, document.ToJsonString());
    }

    /// <summary>A trial's score curve as its export carries it: iteration, modes and high quality at each point.</summary>
    private static List<(int, int?, double?)> Curve(JsonNode t) =>
        [.. t["scores"]!.AsArray().Select(p => ((int)p!["iteration"]!, (int?)p["modes"], (double?)p["high_quality"]))];

    private static (string Id, string State, int? Modes, double? HighQuality) Result(JsonNode t) =>
        ((string)t["id"]!, (string)t["state"]!, (int?)t["modes"], (double?)t["high_quality"]);

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Sweep.Coordinator.Cli;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Reporting;
using Sweep.Training.Running;
using Sweep.Training.Tracing;
using Sweep.Store;
using Sweep.Tests.Support;
using Sweep.Web;

namespace Sweep.Tests.Web;

/// <summary>
/// The HTTP API's contract, against a real sweep running through the embedded path with its real
/// server: every endpoint's shape and numbers, every error as problem+json, the read-only rule,
/// and exports equal to the ones made from the database itself.
/// </summary>
public sealed class DashboardApiTests : IDisposable
{
    private const string Name = "api-test";
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Every_endpoint_answers_from_the_live_sweep_as_the_database_holds_it()
    {
        using var store = _database.Open();
        var trainer = new GatedTrainer { FailingSeed = 3 };
        await using var run = await ServedRun.StartAsync(store, trainer, SweepFiles.Ring(Name, seeds: 4), slots: 2);
        trainer.Release(1);
        trainer.Release(3);
        // Seed 1 completes, seed 3 takes its slot and fails (a NaN), seeds 2 and 4 run, held at their first iteration.
        var sweeps = await run.WaitForAsync("/api/sweeps", json => json["sweeps"]!.AsArray() is [{ } sweep] && Progress(sweep) is (4, 1, 2, 0, 1) &&
                                                                  json["nodes"]!.AsArray() is [{ } node] && node["running"]!.GetValue<int>() == 2);

        Assert.Equal(2, sweeps["schema_version"]!.GetValue<int>());
        Assert.Equal(Name, (string)sweeps["sweeps"]![0]!["name"]!);
        var node = sweeps["nodes"]![0]!;
        Assert.Equal(2, node["slots"]!.GetValue<int>());
        Assert.Equal(["cpu", "cpu"], node["devices"]!.AsArray().Select(d => (string)d!).ToArray());
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, (long)node["memory_bytes"]!["cpu"]!);   // the node measured its CPU memory and registered it

        var summary = await Json(run, $"/api/sweeps/{Name}");
        Assert.Contains($"name: {Name}", (string)summary["sweep"]!["definition"]!);
        Assert.Equal("gan/normal/unimodal", (string)summary["paper_table"]!["rows"]![0]!["label"]!);
        var group = summary["groups"]![0]!;
        Assert.Equal((4, 1), (group["trials"]!.GetValue<int>(), group["completed"]!.GetValue<int>()));
        Assert.Equal((1, 1.0), (group["modes"]!["n"]!.GetValue<int>(), group["modes"]!["mean"]!.GetValue<double>()));   // seed 1: 1 mode
        var failure = Assert.Single(summary["failures"]!.AsArray())!;
        Assert.Equal("failed", (string)failure["state"]!);
        Assert.Contains("NaN", (string)failure["error"]!);

        var trials = (await Json(run, $"/api/sweeps/{Name}/trials"))["trials"]!.AsArray();
        Assert.Equal([1, 2, 3, 4], trials.Select(t => t!["spec"]!["seed"]!.GetValue<int>()).ToArray());
        Assert.Equal(["completed", "running", "failed", "running"], trials.Select(t => (string)t!["state"]!).ToArray());
        Assert.All(trials.Where(t => (string)t!["state"]! == "running"), t => Assert.Equal((1, 50),
            (t!["progress"]!["iteration"]!.GetValue<int>(), t["progress"]!["iterations"]!.GetValue<int>())));

        // The live copy equals the database: each export, byte for byte.
        var stored = SweepReports.Load(store, Name)!;
        foreach (var format in SweepExports.Formats)
        {
            using var export = await run.Http.GetAsync($"/api/sweeps/{Name}/export?format={format}");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            Assert.Equal(SweepExports.Render(stored, format, null, false), await export.Content.ReadAsStringAsync());
        }

        Assert.Equal(SweepExports.Render(stored, "csv", "veegan-table1", false), await run.Http.GetStringAsync($"/api/sweeps/{Name}/export?format=csv&compare=veegan-table1"));
        Assert.Equal(SweepExports.Render(stored, "csv", null, true), await run.Http.GetStringAsync($"/api/sweeps/{Name}/export?format=csv&groups=true"));

        var completed = (string)trials[0]!["id"]!;
        var trial = await Json(run, $"/api/trials/{completed}");
        Assert.Equal(("completed", 1), ((string)trial["trial"]!["state"]!, trial["trial"]!["modes"]!.GetValue<int>()));
        Assert.Equal([Name], trial["sweeps"]!.AsArray().Select(s => (string)s!).ToArray());

        var metrics = await run.Http.GetStringAsync("/metrics");
        Assert.Contains("sweep_trials{state=\"completed\"} 1\n", metrics);
        Assert.Contains("sweep_trials{state=\"running\"} 2\n", metrics);
        Assert.Contains("sweep_trials{state=\"failed\"} 1\n", metrics);
        Assert.Contains("sweep_pending_trials 0\n", metrics);
        Assert.Contains("sweep_dispatches_total 4\n", metrics);
        Assert.Matches("sweep_node_slots\\{node=\"127\\.0\\.0\\.1:\\d+\"\\} 2\n", metrics);
        Assert.Matches("sweep_node_slot_utilisation\\{node=\"127\\.0\\.0\\.1:\\d+\"\\} 1\n", metrics);
        Assert.Matches("sweep_store_flush_seconds_count [1-9]", metrics);
        Assert.Contains("sweep_checkpoint_bytes_total", metrics);

        foreach (var page in new[] { "/", $"/sweeps/{Name}", $"/sweeps/{Name}/trials", $"/trials/{completed}" })
        {
            using var response = await run.Http.GetAsync(page);
            Assert.Equal((HttpStatusCode.OK, "text/html"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }

        trainer.Release(2);
        trainer.Release(4);
        Assert.Equal(RunEnd.Finished, (await run.Run.WaitAsync(TimeSpan.FromSeconds(60))).End);
    }

    [Fact]
    public async Task Every_error_is_problem_json_naming_what_was_wrong_and_nothing_but_reading_is_accepted()
    {
        using var store = _database.Open();
        var trainer = new GatedTrainer();
        await using var run = await ServedRun.StartAsync(store, trainer, SweepFiles.Ring(Name, seeds: 1), slots: 1);
        var trialId = (string)(await run.WaitForAsync($"/api/sweeps/{Name}/trials", json => json["trials"]!.AsArray().Count == 1))["trials"]![0]!["id"]!;

        await Problem(run, HttpMethod.Get, "/api/sweeps/nope", 404, "No such sweep", "no sweep named 'nope'");
        await Problem(run, HttpMethod.Get, "/api/sweeps/nope/trials", 404, "No such sweep", "'nope'");
        await Problem(run, HttpMethod.Get, "/api/sweeps/nope/export?format=md", 404, "No such sweep", "'nope'");
        await Problem(run, HttpMethod.Get, "/sweeps/nope", 404, "No such sweep", "'nope'");
        await Problem(run, HttpMethod.Get, "/api/trials/0123456789abcdef", 404, "No such trial", "'0123456789abcdef'");
        await Problem(run, HttpMethod.Get, $"/api/sweeps/{Name}/export", 400, "Bad request", "format: required; accepted: md, csv, latex, json");
        await Problem(run, HttpMethod.Get, $"/api/sweeps/{Name}/export?format=xml", 400, "Bad request", "format: 'xml' is not an export format; accepted: md, csv, latex, json");
        await Problem(run, HttpMethod.Get, $"/api/sweeps/{Name}/export?format=md&compare=nope", 400, "Bad request", "compare: 'nope' is not a paper table");
        await Problem(run, HttpMethod.Get, $"/api/sweeps/{Name}/export?format=csv&groups=true&compare=lo17", 400, "Bad request", "compare and groups");
        await Problem(run, HttpMethod.Get, $"/api/trials/{trialId}/trace", 404, "No trace", "stored when it ends");
        await Problem(run, HttpMethod.Get, $"/trials/{trialId}/pictures/end.png", 404, "No such picture", "'end'");
        await Problem(run, HttpMethod.Get, "/api/nothing/here", 404, "No such endpoint", "/api/nothing/here");
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            var response = await Problem(run, method, $"/api/sweeps/{Name}", 405, "Read-only", $"{method} is not accepted");
            Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
        }

        trainer.Release(1);
        Assert.Equal(RunEnd.Finished, (await run.Run.WaitAsync(TimeSpan.FromSeconds(60))).End);
        Assert.Equal(TrialState.Completed, store.FindTrial(trialId)!.State);   // the refused writes wrote nothing
    }

    [Fact]
    public async Task A_sweep_read_in_several_pieces_is_whole_in_the_live_view()
    {
        using var store = _database.Open();
        var seeds = SweepRead.PieceSize * 2 + 500;
        await using var run = await ServedRun.StartAsync(store, new GatedTrainer(), SweepFiles.Ring("big", seeds), slots: 1);

        await run.WaitForAsync("/api/sweeps/big", json => Progress(json) is var (trials, _, running, pending, _) && trials == seeds && running == 1 && pending == seeds - 1);

        var trials = (await Json(run, "/api/sweeps/big/trials"))["trials"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, seeds), trials.Select(t => t!["spec"]!["seed"]!.GetValue<int>()));
        Assert.Equal(SweepExports.Render(SweepReports.Load(store, "big")!, "csv", null, false), await run.Http.GetStringAsync("/api/sweeps/big/export?format=csv"));
    }

    [Fact]
    public async Task Results_stored_before_the_run_reach_the_live_view_with_where_they_came_from_and_what_they_ran_on()
    {
        using var store = _database.Open();
        var trainer = new GatedTrainer();
        trainer.Release(1);
        trainer.Release(2);
        await using (var earlier = await ServedRun.StartAsync(store, trainer, SweepFiles.Ring("earlier", seeds: 2), slots: 2))
            Assert.Equal(RunEnd.Finished, (await earlier.Run.WaitAsync(TimeSpan.FromSeconds(60))).End);
        var first = store.Trials(store.FindSweep("earlier")!.TrialIds)[0];
        // As `sweep import` leaves a result run elsewhere, with the score curve its export carried.
        IReadOnlyList<EvaluationPoint> curve = [new(0, new TrialMetrics(0, 8, 0.0)), new(25, new TrialMetrics(3, 8, 0.5)), new(50, new TrialMetrics(5, 8, 0.75, ShellModes: 6))];
        store.Save([first with { ImportedFrom = "elsewhere.json, imported 2026-12-01T15:00:00Z", Processor = "Another CPU" }],
            new Dictionary<string, byte[]> { [first.Id] = TraceFormat.Write(ScoreCurves.AsTrace(curve)) });

        // A sweep sharing both finished trials reads them from the database, not from changes.
        await using var later = await ServedRun.StartAsync(store, trainer, SweepFiles.Ring("later", seeds: 3), slots: 1);
        // Until the third trial runs, held at its first iteration: then the database and the live copy hold the same.
        await later.WaitForAsync("/api/sweeps/later/trials", json => json["trials"]!.AsArray() is [_, _, { } third] &&
                                                                   (string)third["state"]! == "running" && third["progress"]?["iteration"]?.GetValue<int>() == 1);

        var trial = (await Json(later, $"/api/trials/{first.Id}"))["trial"]!;
        Assert.Equal(("elsewhere.json, imported 2026-12-01T15:00:00Z", "Another CPU"), ((string?)trial["imported_from"], (string?)trial["processor"]));
        var stored = SweepReports.Load(store, "later")!;
        var json = await later.Http.GetStringAsync("/api/sweeps/later/export?format=json");
        Assert.Equal(SweepExports.Render(stored, "json", null, false, new Dictionary<string, IReadOnlyList<EvaluationPoint>> { [first.Id] = curve }), json);
        var scores = JsonNode.Parse(json)!["trials"]![0]!["scores"]!;
        Assert.Equal([0, 25, 50], scores.AsArray().Select(p => (int)p!["iteration"]!));
        Assert.Equal((5, 0.75, 6), ((int)scores[2]!["modes"]!, (double)scores[2]!["high_quality"]!, (int)scores[2]!["shell_modes"]!));
        Assert.Null(JsonNode.Parse(json)!["trials"]![1]!["scores"]);   // the second ran here with a trainer that traces nothing

        // A stored trace the coordinator cannot read costs its trial only the curve, and the answer names the trial;
        // the command line reading this server warns about it as it does reading a database.
        var second = store.Trials(store.FindSweep("earlier")!.TrialIds)[1];
        store.Save([second], new Dictionary<string, byte[]> { [second.Id] = [1, 2, 3] });
        using (var damaged = await later.Http.GetAsync("/api/sweeps/later/export?format=json"))
        {
            Assert.Equal([second.Id], damaged.Headers.GetValues(ApiHeaders.UnreadableCurves));
            Assert.Equal(json, await damaged.Content.ReadAsStringAsync());
        }

        var remote = await SweepProcess.RunAsync("export", "later", "--format", "json", "--server", later.Url.AbsoluteUri);
        Assert.True(remote.ExitCode == ExitCodes.Ok, remote.Stderr);
        Assert.Equal($"sweep: trial {second.Id}: its stored trace cannot be read (the server could not read it); the export carries its results without its score curve.", remote.Stderr.Trim());
        Assert.Equal(json.TrimEnd(), remote.Stdout.TrimEnd());
        var markdown = await later.Http.GetStringAsync("/api/sweeps/later/export?format=md");
        Assert.Equal(SweepExports.Render(stored, "md", null, false), markdown);
        Assert.Contains("Another CPU (1 trial)", markdown);
        Assert.Contains($"{Cluster.Hosting.ProcessorsTests.FlushingCpu()} (1 trial)", markdown);   // the second ran here
        var page = await later.Http.GetStringAsync($"/trials/{first.Id}");
        Assert.Contains("<th>device</th><td>cpu: Another CPU</td>", page);
        Assert.Contains("<th>imported from</th><td>elsewhere.json, imported 2026-12-01T15:00:00Z</td>", page);
    }

    private static (int, int, int, int, int) Progress(JsonNode sweep)
    {
        var p = sweep["progress"]!;
        int N(string key) => p[key]!.GetValue<int>();
        return (N("trials"), N("completed"), N("running"), N("pending"), N("failed"));
    }

    private static async Task<JsonNode> Json(ServedRun run, string path)
    {
        using var response = await run.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<HttpResponseMessage> Problem(ServedRun run, HttpMethod method, string path, int status, string title, string detail)
    {
        var response = await run.Http.SendAsync(new HttpRequestMessage(method, path));
        Assert.Equal((status, "application/problem+json"), ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((status, title), (problem["status"]!.GetValue<int>(), (string)problem["title"]!));
        Assert.Contains(detail, (string)problem["detail"]!);
        return response;
    }

    public void Dispose() => _database.Dispose();
}

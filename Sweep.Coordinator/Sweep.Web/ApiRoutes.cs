using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sweep.Orchestration.Live;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;

namespace Sweep.Web;

/// <summary>The JSON API under <c>/api</c>: read-only, keys as in <c>sweep export --format json</c> (snake_case, <c>schema_version</c>).</summary>
internal static class ApiRoutes
{
    public static void Map(IEndpointRouteBuilder app, LiveViews views)
    {
        app.MapGet("/api/sweeps", () => Json(Sweeps(views.Board.Current)));

        app.MapGet("/api/sweeps/{name}", (string name) =>
        {
            var state = views.Board.Current;
            if (!state.Sweeps.TryGetValue(name, out var sweep)) return Problems.NoSweep(name, views);
            return Json(Summary(sweep, state, views.Report(sweep, state.Version)));
        });

        app.MapGet("/api/sweeps/{name}/trials", (string name) =>
        {
            var state = views.Board.Current;
            if (!state.Sweeps.TryGetValue(name, out var sweep)) return Problems.NoSweep(name, views);
            var trials = new JsonArray(TrialRows.Of(views.Report(sweep, state.Version)).Select(row => (JsonNode?)Trial(row, state)).ToArray());
            return Json(Document(new JsonObject { ["sweep"] = name, ["trials"] = trials }));
        });

        app.MapGet("/api/sweeps/{name}/export", async (string name, string? format, string? compare, bool? groups, HttpResponse response) =>
        {
            var state = views.Board.Current;
            if (format is null) return Problems.BadRequest($"format: required; accepted: {string.Join(", ", SweepExports.Formats)}.");
            if (!state.Sweeps.TryGetValue(name, out var sweep)) return Problems.NoSweep(name, views);
            var report = views.Report(sweep, state.Version);
            try
            {
                // JSON carries each finished trial's score curve, read from its stored trace as the file's export reads it;
                // one the coordinator cannot read is left out, as the file's export leaves it out, and named in a header.
                var unreadable = new List<string>();
                var curves = format == "json" ? await ScoreCurves.OfAsync(report, views.Pictures.TraceAsync, (id, _) => unreadable.Add(id)) : null;
                if (unreadable.Count > 0) response.Headers[ApiHeaders.UnreadableCurves] = string.Join(' ', unreadable);
                return Results.Text(SweepExports.Render(report, format, compare, groups ?? false, curves), SweepExports.MediaType(format));
            }
            catch (ArgumentException e)
            {
                return Problems.BadRequest(e.Message);
            }
            catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException)
            {
                return Problems.Unavailable(e.Message);
            }
        });

        app.MapGet("/api/trials/{id}", (string id) =>
        {
            var state = views.Board.Current;
            if (state.FindTrial(id) is not { } trial) return Problems.NoTrial(id, views);
            return Json(Document(new JsonObject
            {
                ["trial"] = Trial(TrialRows.Of(trial), state),
                ["sweeps"] = new JsonArray(state.SweepsOf(id).Select(n => (JsonNode?)n).ToArray()),
                ["trace_url"] = $"/api/trials/{Uri.EscapeDataString(id)}/trace",
                ["page_url"] = Html.TrialHref(id),
            }));
        });

        app.MapGet("/api/trials/{id}/trace", async (string id) =>
        {
            if (views.Board.Current.FindTrial(id) is null) return Problems.NoTrial(id, views);
            try
            {
                return await views.Pictures.TraceAsync(id) is { } trace
                    ? Results.Bytes(trace, "application/octet-stream")
                    : Problems.NotFound("No trace", $"Trial {id} has no stored trace: a trial's snapshots and curves are stored when it ends.");
            }
            catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException)
            {
                return Problems.Unavailable(e.Message);
            }
        });

        // Anything else under /api: a problem, not the dashboard's 404 page.
        app.Map("/api/{**rest}", (string rest) => Problems.NotFound("No such endpoint", $"/api/{rest} is not an endpoint; the API's endpoints are listed in Sweep's README."));
    }

    private static JsonObject Sweeps(LiveState state) => Document(new JsonObject
    {
        ["sweeps"] = new JsonArray(state.Sweeps.Values.Select(sweep => (JsonNode?)new JsonObject
        {
            ["name"] = sweep.Sweep.Name,
            ["created_utc"] = sweep.Sweep.CreatedUtc,
            ["progress"] = Progress(SweepProgress.Of(sweep, state)),
            ["url"] = $"/api/sweeps/{Uri.EscapeDataString(sweep.Sweep.Name)}",
        }).ToArray()),
        ["nodes"] = new JsonArray(state.Nodes.Select(node => (JsonNode?)new JsonObject
        {
            ["node"] = node.Key, ["slots"] = node.Slots, ["running"] = node.Running, ["reachable"] = node.Reachable, ["leaving"] = node.Leaving,
            ["devices"] = new JsonArray(node.Devices.Select(d => (JsonNode?)d).ToArray()),
            ["memory_bytes"] = new JsonObject((node.Memory ?? new Dictionary<string, long>()).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
        }).ToArray()),
        ["fault"] = state.Fault,
    });

    private static JsonObject Summary(LiveSweep sweep, LiveState state, SweepReport report)
    {
        var summary = SweepSummary.Of(report);
        return Document(new JsonObject
        {
            ["sweep"] = JsonExport.Sweep(report),
            ["progress"] = Progress(SweepProgress.Of(sweep, state)),
            ["paper_table"] = new JsonObject
            {
                ["columns"] = new JsonArray(summary.Columns.Select(c => (JsonNode?)c).ToArray()),
                ["rows"] = new JsonArray(summary.Rows.Select(r => (JsonNode?)new JsonObject
                {
                    ["label"] = r.Label, ["cells"] = new JsonArray(r.Cells.Select(c => (JsonNode?)c).ToArray()),
                }).ToArray()),
            },
            ["groups"] = JsonExport.Groups(report),
            ["adaptive"] = Adaptive(report),
            ["stale_note"] = report.StaleNote,
            ["failures"] = new JsonArray(report.Trials.Where(t => t.State is Store.TrialState.Failed or Store.TrialState.Abandoned).Select(t => (JsonNode?)new JsonObject
            {
                ["id"] = t.Id, ["state"] = t.State.ToString().ToLowerInvariant(), ["attempt"] = t.Attempt, ["error"] = t.Error,
            }).ToArray()),
        });
    }

    /// <summary>An adaptive sweep's rule and each group's seeds, half-width and state; null when its seeds are fixed.</summary>
    internal static JsonObject? Adaptive(SweepReport report) => AdaptiveProgress.Of(report) is not { } adaptive ? null : new JsonObject
    {
        ["rule"] = new JsonObject
        {
            ["metric"] = adaptive.Rule.Metric.Name(), ["ci95_halfwidth"] = adaptive.Rule.HalfWidth,
            ["start"] = adaptive.Rule.Start, ["max"] = adaptive.Rule.Max, ["step"] = adaptive.Rule.Step,
        },
        ["groups"] = new JsonArray(adaptive.Groups.Select(g => (JsonNode?)new JsonObject
        {
            ["group"] = g.Label, ["seeds"] = g.Seeds, ["completed"] = g.Completed, ["ci95_halfwidth"] = g.HalfWidth,
            ["state"] = g.State switch
            {
                AdaptiveSeeds.State.Running => "running",
                AdaptiveSeeds.State.Adding => "adding",
                AdaptiveSeeds.State.Settled => "settled",
                _ => "at_max",
            },
        }).ToArray()),
    };

    private static JsonObject Progress(SweepProgress p) => new()
    {
        ["trials"] = p.Total, ["completed"] = p.Completed, ["running"] = p.Running, ["pending"] = p.Pending,
        ["failed"] = p.Failed, ["abandoned"] = p.Abandoned, ["eta_seconds"] = p.EtaSeconds is { } eta ? Math.Round(eta) : null,
    };

    /// <summary>A trial as the export writes it, with its last heartbeat while it runs.</summary>
    private static JsonObject Trial(TrialRow row, LiveState state)
    {
        var trial = JsonExport.Trial(row);
        trial["progress"] = state.Progress.GetValueOrDefault(row.Record.Id) is { } heard
            ? new JsonObject
            {
                ["iteration"] = heard.Iteration, ["iterations"] = heard.Iterations,
                ["discriminator_loss"] = heard.DiscriminatorLoss, ["generator_loss"] = heard.GeneratorLoss, ["heard_utc"] = heard.AtUtc,
            }
            : null;
        return trial;
    }

    private static JsonObject Document(JsonObject body)
    {
        var document = new JsonObject { [PublicJson.VersionKey] = PublicJson.SchemaVersion };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            document[key] = value;
        }

        return document;
    }

    private static IResult Json(JsonObject document) => Results.Text(document.ToJsonString(PublicJson.Options), "application/json; charset=utf-8");
}

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sweep.Orchestration.Live;

namespace Sweep.Web;

/// <summary>
/// <c>/events</c>: a page's live updates as Server-Sent Events. Each client gets the sections that
/// changed since it last heard (event <c>section</c>, data <c>{"id", "html"}</c>), at most every
/// <see cref="LiveViews.StreamInterval"/>, and a comment line every <see cref="KeepAlive"/> so a
/// proxy does not close a quiet stream. A client going away ends its loop and nothing else.
/// </summary>
internal static class EventRoutes
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder app, LiveViews views)
    {
        app.MapGet("/events", async (HttpContext http, string? sweep, string? trial) =>
        {
            Func<LiveState, Task<IReadOnlyList<PageSection>?>> sections = (sweep, trial) switch
            {
                ({ } name, _) => state => Task.FromResult(state.Sweeps.TryGetValue(name, out var live)
                    // One entry for the report and the sections drawn from it, so the drawing time that paces it counts both.
                    ? views.Cache.Get($"sweep-sections\n{name}", state.Version, LiveViews.StreamInterval,
                        () => SweepPage.Sections(live, state, new Reporting.SweepReport(live.Sweep, live.InGridOrder())))
                    : null),
                (_, { } id) => async state => state.FindTrial(id) is { } record
                    ? TrialPage.Sections(record, state, await PageRoutes.PicturesOf(views, record))
                    : null,
                _ => state => Task.FromResult<IReadOnlyList<PageSection>?>(
                    views.Cache.Get("overview-sections", state.Version, LiveViews.StreamInterval, () => OverviewPage.Sections(state))),
            };
            await StreamAsync(http, views.Board, sections);
        });
    }

    private static async Task StreamAsync(HttpContext http, LiveBoard board, Func<LiveState, Task<IReadOnlyList<PageSection>?>> sections)
    {
        var stop = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var sent = new Dictionary<string, string>();
        try
        {
            await http.Response.WriteAsync("retry: 2000\n\n", stop);
            await http.Response.Body.FlushAsync(stop);
            long version = -1;
            while (!stop.IsCancellationRequested)
            {
                var state = board.Current;
                if (state.Version != version)
                {
                    version = state.Version;
                    foreach (var section in await sections(state) ?? [])
                    {
                        if (sent.GetValueOrDefault(section.Id) == section.Html) continue;
                        sent[section.Id] = section.Html;
                        await http.Response.WriteAsync($"event: section\ndata: {JsonSerializer.Serialize(section, Json)}\n\n", stop);
                    }

                    await http.Response.Body.FlushAsync(stop);
                }

                var changed = board.ChangedAfter(version, stop);
                if (await Task.WhenAny(changed, Task.Delay(KeepAlive, stop)) != changed)
                {
                    await http.Response.WriteAsync(": still here\n\n", stop);
                    await http.Response.Body.FlushAsync(stop);
                }

                await Task.Delay(LiveViews.StreamInterval, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away: its stream ends here, and nothing else notices.
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

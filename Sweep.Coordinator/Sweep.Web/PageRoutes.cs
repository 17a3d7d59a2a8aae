using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sweep.Reporting.Pictures;

namespace Sweep.Web;

/// <summary>The dashboard's pages, its pictures and its one script and stylesheet.</summary>
internal static class PageRoutes
{
    private const string HtmlType = "text/html; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app, LiveViews views)
    {
        app.MapGet("/", () => Results.Content(OverviewPage.Render(views.Board.Current), HtmlType));

        app.MapGet("/sweeps/{name}", (string name) =>
        {
            var state = views.Board.Current;
            return state.Sweeps.TryGetValue(name, out var sweep)
                ? Results.Content(SweepPage.Render(sweep, state, views.Report(sweep, state.Version)), HtmlType)
                : Problems.NoSweep(name, views);
        });

        app.MapGet("/sweeps/{name}/trials", (string name) =>
        {
            var state = views.Board.Current;
            return state.Sweeps.TryGetValue(name, out var sweep)
                ? Results.Content(SweepPage.AllTrials(views.Report(sweep, state.Version)), HtmlType)
                : Problems.NoSweep(name, views);
        });

        app.MapGet("/trials/{id}", async (string id) =>
        {
            var state = views.Board.Current;
            if (state.FindTrial(id) is not { } trial) return Problems.NoTrial(id, views);
            return Results.Content(TrialPage.Render(trial, state, await PicturesOf(views, trial)), HtmlType);
        });

        app.MapGet("/trials/{id}/pictures/{suffix}.png", async (string id, string suffix) =>
        {
            if (views.Board.Current.FindTrial(id) is not { } trial) return Problems.NoTrial(id, views);
            return (await PicturesOf(views, trial)).FirstOrDefault(p => p.Suffix == suffix) is { } picture
                ? Results.Bytes(picture.Png, "image/png")
                : Problems.NotFound("No such picture", $"Trial {id} has no picture '{suffix}'.");
        });

        foreach (var (file, type) in new[] { ("dashboard.js", "text/javascript; charset=utf-8"), ("dashboard.css", "text/css; charset=utf-8") })
        {
            var bytes = Static(file);
            app.MapGet($"/static/{file}", () => Results.Bytes(bytes, type));
        }
    }

    /// <summary>The trial's pictures; none while it runs, or when its trace cannot be had now (the page says it has none).</summary>
    public static async Task<IReadOnlyList<TrialPicture>> PicturesOf(LiveViews views, Store.TrialRecord trial)
    {
        try
        {
            return await views.Pictures.GetAsync(trial);
        }
        catch (Exception e) when (e is InvalidDataException or TimeoutException or Akka.Actor.AskTimeoutException)
        {
            return [];
        }
    }

    private static byte[] Static(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"static/{file}")
                           ?? throw new InvalidOperationException($"static/{file} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

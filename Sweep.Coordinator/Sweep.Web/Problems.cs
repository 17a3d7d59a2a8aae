using Microsoft.AspNetCore.Http;

namespace Sweep.Web;

/// <summary>The API's errors, as <c>application/problem+json</c> (RFC 9457).</summary>
internal static class Problems
{
    public static IResult NoSweep(string name, LiveViews views) => views.Board.Loaded
        ? Results.Problem(statusCode: 404, title: "No such sweep", detail: $"The coordinator holds no sweep named '{name}'; GET /api/sweeps lists those it holds.")
        : NotLoaded();

    public static IResult NoTrial(string id, LiveViews views) => views.Board.Loaded
        ? Results.Problem(statusCode: 404, title: "No such trial", detail: $"No sweep the coordinator holds has a trial '{id}'.")
        : NotLoaded();

    public static IResult BadRequest(string detail) => Results.Problem(statusCode: 400, title: "Bad request", detail: detail);

    public static IResult NotFound(string title, string detail) => Results.Problem(statusCode: 404, title: title, detail: detail);

    public static IResult Unavailable(string detail) => Results.Problem(statusCode: 503, title: "Not available", detail: detail);

    private static IResult NotLoaded() =>
        Results.Problem(statusCode: 503, title: "Still reading", detail: "The server is still reading the coordinator's sweeps; try again in a moment.",
            extensions: new Dictionary<string, object?> { ["retry_after_seconds"] = 1 });
}

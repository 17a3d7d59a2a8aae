using System.Net;

namespace Sweep.Web;

/// <summary>Small pieces of HTML the pages share.</summary>
internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Link(string href, string text) => $"<a href=\"{Encode(href)}\">{Encode(text)}</a>";

    public static string SweepHref(string name) => $"/sweeps/{Uri.EscapeDataString(name)}";

    public static string TrialHref(string id) => $"/trials/{Uri.EscapeDataString(id)}";

    public static string Row(params string[] encodedCells) => "<tr>" + string.Concat(encodedCells.Select(c => $"<td>{c}</td>")) + "</tr>";

    /// <summary>A bar of finished (green), failed (red) and running (blue) parts.</summary>
    public static string Bar(SweepProgress p)
    {
        if (p.Total == 0) return "";
        string Part(int n, string kind) => n == 0 ? "" : $"<span class=\"{kind}\" style=\"width:{100.0 * n / p.Total:F2}%\"></span>";
        return $"<span class=\"bar\" title=\"{p.Finished} of {p.Total} finished\">{Part(p.Completed, "done")}{Part(p.Failed + p.Abandoned, "failed")}{Part(p.Running, "running")}</span>";
    }

    /// <summary>A whole page: the sections are replaced by live updates from <paramref name="events"/>.</summary>
    public static string Page(string title, string events, IEnumerable<string> body) =>
        $"""
         <!DOCTYPE html>
         <html lang="en">
         <head>
         <meta charset="utf-8">
         <title>{Encode(title)}</title>
         <link rel="icon" href="data:,">
         <link rel="stylesheet" href="/static/dashboard.css">
         <script src="/static/dashboard.js" defer></script>
         </head>
         <body data-events="{Encode(events)}">
         <header><a href="/">Sweep</a> <span id="connection" class="connection">connecting…</span></header>
         <main>
         {string.Join("\n", body)}
         </main>
         </body>
         </html>
         """;

    public static string Section(PageSection section, string? heading = null) =>
        (heading is null ? "" : $"<h2>{Encode(heading)}</h2>\n") + $"<section id=\"{section.Id}\">{section.Html}</section>";
}

using System.Globalization;
using System.Net;
using System.Text;
using Sweep.Reporting.Pictures;
using Sweep.Store;

namespace Sweep.Reporting.Html;

/// <summary>
/// The report page: the sweep's spec, its tables, per-dataset charts, LO17 Figure 1 galleries
/// (panels a–e side by side for each method and seed) and every trial's pictures. Plain HTML and
/// CSS with the pictures beside it in <c>img/</c>: it opens from disk, with no script and nothing
/// fetched from the network.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: sans-serif; margin: 2em; color: #222; max-width: 1800px; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
        figure { display: inline-block; margin: 0.3em; vertical-align: top; }
        figcaption { font-size: 0.85em; color: #555; max-width: 320px; }
        .panels { white-space: nowrap; overflow-x: auto; }
        .trial { border-top: 1px solid #ddd; padding-top: 0.5em; }
        .missing { color: #a33; }
        """;

    /// <param name="problems">What is missing (trials without snapshots, unreadable traces), listed at the top.</param>
    public static string Render(SweepReport report, ReportPictures pictures, IReadOnlyList<string> problems)
    {
        var html = new StringBuilder();
        var name = Encode(report.Sweep.Name);
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\">").AppendLine("<head>").AppendLine("<meta charset=\"utf-8\">")
            .AppendLine(ReportFolder.Marker)
            .AppendLine($"<title>Sweep {name}</title>").AppendLine($"<style>{Style}</style>").AppendLine("</head>").AppendLine("<body>");
        html.AppendLine($"<h1>Sweep {name}</h1>");
        html.AppendLine($"<p>{report.Trials.Count} trials: {Encode(CountByState(report))}. Fingerprint <code>{Encode(report.Sweep.Fingerprint)}</code>. " +
                        $"Report made {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.</p>");
        if (problems.Count > 0)
        {
            html.AppendLine("<section id=\"problems\"><h2>Missing</h2><ul class=\"missing\">");
            foreach (var problem in problems) html.AppendLine($"<li>{Encode(problem)}</li>");
            html.AppendLine("</ul></section>");
        }

        if (report.StaleNote is { } stale) html.AppendLine($"<p id=\"stale\" class=\"missing\">{Encode(stale)}</p>");
        html.AppendLine("<h2>Specification</h2>").AppendLine($"<pre id=\"spec\">{Encode(report.Sweep.Definition)}</pre>");
        HtmlTables.PaperTable(html, report);
        HtmlTables.Comparisons(html, report);
        HtmlTables.GroupTable(html, report);
        HtmlTables.SeedTables(html, report);
        if (pictures.Seeds.Count > 0)
        {
            html.AppendLine("<h3>Forest plots and performance profiles</h3>");
            foreach (var picture in pictures.Seeds) html.AppendLine(Figure(picture.Path, picture.Caption, "seed-picture"));
        }

        Charts(html, report, pictures);
        Lo17Galleries(html, report, pictures);
        Trials(html, report, pictures);
        html.AppendLine("</body>").AppendLine("</html>");
        return html.ToString();
    }

    private static void Charts(StringBuilder html, SweepReport report, ReportPictures pictures)
    {
        html.AppendLine("<h2>Charts</h2>");
        foreach (var dataset in report.Groups.Select(g => g.Dataset).Distinct())
        {
            html.AppendLine($"<h3>{Encode(dataset)}</h3>");
            var charts = pictures.Charts.GetValueOrDefault(dataset) ?? [];
            if (charts.Count == 0) html.AppendLine("<p class=\"missing\">No completed trials to chart yet.</p>");
            foreach (var chart in charts) html.AppendLine(Figure(chart.Path, chart.Caption, "chart"));
        }
    }

    /// <summary>Per dataset and method, a row per seed: LO17 Figure 1's panels a–e and Sweep's extra one (see <see cref="Lo17Panels"/>).</summary>
    private static void Lo17Galleries(StringBuilder html, SweepReport report, ReportPictures pictures)
    {
        html.AppendLine("<h2>LO17 Figure 1: panels a–e for each method and seed</h2>");
        html.AppendLine("<p>" + string.Join("; ", Lo17Panels.All.Select(p => Encode(p.Title))) +
                        ". (a) and (b) are before any adversarial step ((a) with unimodal, (b) with multimodal noise), the others after training. " +
                        "Grey: the discriminator's belief (dark = fake, light = real); blue: real samples; orange: generated samples.</p>");
        foreach (var row in Lo17Panels.Rows(report))
        {
            var strip = pictures.Figures.GetValueOrDefault(row.FileName);
            var link = strip is null ? "" : $" <a href=\"{Encode(strip.Path)}\">(as one picture)</a>";
            html.AppendLine($"<div class=\"panels lo17\"><h3>{Encode(row.Title)}{link}</h3>");
            foreach (var (panel, trial) in row.Panels)
            {
                var caption = panel.Title;
                var picture = trial is null ? null : pictures.Find(trial.Id, panel.PictureSuffix);
                html.AppendLine(picture is not null ? Figure(picture.Path, caption, "panel")
                    : $"<figure class=\"panel\"><figcaption class=\"missing\">{Encode(caption)}: {(trial is null ? "not in this sweep" : "no snapshot")}</figcaption></figure>");
            }

            html.AppendLine("</div>");
        }
    }

    private static void Trials(StringBuilder html, SweepReport report, ReportPictures pictures)
    {
        html.AppendLine("<h2>Trials</h2>");
        foreach (var row in TrialRows.Of(report))
        {
            var record = row.Record;
            html.AppendLine($"<div class=\"trial\" id=\"trial-{record.Id}\"><h3>{Encode($"{row.Dataset} · {row.Method} · {row.Init} + {row.Noise} · seed {row.Seed}")}</h3>");
            html.AppendLine($"<p><code>{record.Id}</code> {Encode(Cells.State(row))}{Encode(Outcome(record))}</p>");
            if (pictures.Trials.GetValueOrDefault(record.Id) is { } files)
                foreach (var file in files) html.AppendLine(Figure(file.Path, file.Caption, "trial-picture"));
            else
                html.AppendLine($"<p class=\"missing\">{Encode(StoredTraces.Missing(record))}</p>");
            html.AppendLine("</div>");
        }
    }

    private static string Outcome(TrialRecord t) => t.State switch
    {
        TrialState.Completed => $": {MetricsText.Of(t.Metrics())}",
        TrialState.Failed or TrialState.Abandoned => $": {t.Error}",
        _ => "",
    };

    private static string CountByState(SweepReport report) =>
        string.Join(", ", report.Trials.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));

    private static string Figure(string path, string caption, string kind) =>
        $"<figure class=\"{kind}\"><img src=\"{Encode(path)}\" alt=\"{Encode(caption)}\"><figcaption>{Encode(caption)}</figcaption></figure>";

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}

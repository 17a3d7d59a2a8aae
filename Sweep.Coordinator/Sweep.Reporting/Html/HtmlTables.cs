using System.Net;
using System.Text;

namespace Sweep.Reporting.Html;

/// <summary>The sweep's tables as HTML: the report page and the live dashboard show the same ones.</summary>
public static class HtmlTables
{
    public static void PaperTable(StringBuilder html, SweepReport report)
    {
        var pivot = Aggregation.Pivot(report.Groups);
        html.AppendLine($"<h2>{Encode(Cells.PaperTableTitle)}, mean ± std over seeds</h2>");
        html.AppendLine("<table id=\"paper-table\"><tr><th>method/init/noise</th>" + string.Concat(pivot.Columns.Select(c => $"<th>{Encode(report.ColumnLabel(c))}</th>")) + "</tr>");
        foreach (var row in pivot.Rows)
            html.AppendLine($"<tr><td>{Encode(row)}</td>" + string.Concat(pivot.Columns.Select(c => $"<td>{Encode(pivot.Text(row, c))}</td>")) + "</tr>");
        html.AppendLine("</table>");
    }

    /// <summary>Every paper table the sweep covers at least in part, cell by cell (<see cref="PaperComparison"/>).</summary>
    public static void Comparisons(StringBuilder html, SweepReport report)
    {
        var compared = ComparisonText.Covering(report);
        if (compared.Count == 0) return;
        html.AppendLine("<h2>Compared with the papers</h2>");
        foreach (var table in compared) html.Append(ComparisonText.Html(table));
    }

    public static void GroupTable(StringBuilder html, SweepReport report)
    {
        html.AppendLine("<h2>Groups</h2>");
        var shell = report.Groups.Any(g => g.ShellModes is not null);
        html.AppendLine("<table id=\"groups\"><tr><th>dataset</th><th>method</th><th>init</th><th>noise</th><th>preset</th><th>completed</th>" +
                        "<th>modes</th><th>modes 95% CI</th><th>HQ %</th><th>HQ 95% CI</th><th>KL</th><th>IvOM</th>" +
                        (shell ? "<th>shell-rule modes</th><th>shell-rule HQ %</th>" : "") + "</tr>");
        foreach (var g in report.Groups)
            html.AppendLine(Row([g.Dataset, g.Method, g.Init, g.Noise, g.Preset, $"{g.Completed}/{g.Trials}",
                Cells.MeanStd(g.Modes, "F2"), $"± {Cells.Number(g.Modes?.Ci95, "F2")}",
                Cells.MeanStd(g.HighQuality, "F1", 100), $"± {Cells.Number(g.HighQuality?.Ci95 * 100, "F1")}",
                Cells.MeanStd(g.Kl, "F3"), Cells.MeanStd(g.Ivom, "F4"),
                .. shell ? new[] { Cells.MeanStd(g.ShellModes, "F2"), Cells.MeanStd(g.ShellHighQuality, "F1", 100) } : []]));
        html.AppendLine("</table>");
    }

    /// <summary>Each group's seeds summarised robustly, then the comparisons along the sweep's axes (<see cref="SeedStatisticsText"/>).</summary>
    public static void SeedTables(StringBuilder html, SweepReport report)
    {
        html.AppendLine($"<h2>{Encode(SeedStatisticsText.Title)}</h2><p>{Encode(SeedStatisticsText.Method)}</p>");
        Table(html, "seed-statistics", SeedStatisticsText.Header, SeedStatisticsText.Rows(report));
        foreach (var comparison in report.Comparisons)
        {
            var id = $"compare-{comparison.Axis.ToString().ToLowerInvariant()}-{comparison.Metric.Name()}";
            html.AppendLine($"<section class=\"axis-comparison\" id=\"{id}\"><h3>{Encode(comparison.Title)}</h3><p>{Encode(SeedStatisticsText.ComparisonMethod(comparison))}</p>");
            if (comparison.Pairs.Count > 0) Table(html, null, SeedStatisticsText.ComparisonHeader, SeedStatisticsText.ComparisonRows(comparison));
            foreach (var skipped in comparison.Skipped) html.AppendLine($"<p class=\"missing\">Not compared: {Encode(skipped)}</p>");
            html.AppendLine($"<p class=\"summary\"><strong>{Encode(comparison.Summary)}.</strong></p></section>");
        }
    }

    /// <summary>A plain table: a header row, then a row of cells each, all encoded.</summary>
    public static void Table(StringBuilder html, string? id, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        html.AppendLine((id is null ? "<table>" : $"<table id=\"{id}\">") + "<tr>" + string.Concat(header.Select(h => $"<th>{Encode(h)}</th>")) + "</tr>");
        foreach (var row in rows) html.AppendLine(Row(row));
        html.AppendLine("</table>");
    }

    private static string Row(params string[] cells) => "<tr>" + string.Concat(cells.Select(c => $"<td>{Encode(c)}</td>")) + "</tr>";

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}

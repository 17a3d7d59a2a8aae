using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Sweep.Reporting;

/// <summary>A <see cref="PaperComparison"/> in each export format and in the HTML report.</summary>
public static class ComparisonText
{
    /// <summary>A table's comparison with a sweep: its rows and their one-line summary.</summary>
    public sealed record Compared(PaperTable Table, IReadOnlyList<PaperComparison.Row> Rows)
    {
        public string Summary => PaperComparison.Summary(Rows);

        public static Compared Of(PaperTable table, SweepReport report) => new(table, PaperComparison.Compare(table, report));
    }

    private static string Metric(PaperComparison.Row row) => row.Cell.Claim is null ? row.Cell.Metric : $"{row.Cell.Metric}: {row.Cell.Claim}";

    public static string Markdown(Compared compared)
    {
        var (table, text) = (compared.Table, new StringBuilder());
        text.AppendLine($"## Compared with {table.Title}").AppendLine();
        text.AppendLine($"Source: {table.Source} Runs: {table.Runs}. Protocol: {table.Protocol}.").AppendLine();
        foreach (var (metric, meaning) in table.Metrics) text.AppendLine($"- `{metric}`: {meaning}");
        text.AppendLine().AppendLine("| method/init/noise | dataset | metric | paper | Sweep: mean [95% CI] (n) | verdict |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in compared.Rows)
            text.AppendLine($"| {row.Label} | {row.Cell.Dataset} | {Metric(row)} | {PaperComparison.PaperText(row.Cell)} | {PaperComparison.SweepText(row)} | {row.Verdict} |");
        return text.AppendLine().AppendLine($"**{compared.Summary}.**").ToString();
    }

    public static string Csv(Compared compared)
    {
        var text = new StringBuilder();
        CsvExport.Line(text, "table", "method", "init", "noise", "dataset", "group", "metric", "rule", "paper_value", "paper_spread",
            "sweep_n", "sweep_mean", "sweep_ci95_low", "sweep_ci95_high", "verdict");
        foreach (var row in compared.Rows)
        {
            var s = row.Sweep;
            CsvExport.Line(text, compared.Table.Name, row.Cell.Method, row.Cell.Init, row.Cell.Noise, row.Cell.Dataset, row.GroupLabel ?? "",
                row.Cell.Metric, row.Cell.Rule, CsvExport.Value(row.Cell.Value), CsvExport.Value(row.Cell.Spread), CsvExport.Value(s?.N),
                CsvExport.Value(s?.Mean), CsvExport.Value(s?.Mean - s?.Ci95), CsvExport.Value(s?.Mean + s?.Ci95), row.Verdict);
        }

        return text.ToString();
    }

    public static JsonObject Json(Compared compared) => new()
    {
        ["table"] = compared.Table.Name,
        ["title"] = compared.Table.Title,
        ["source"] = compared.Table.Source,
        ["runs"] = compared.Table.Runs,
        ["metrics"] = new JsonObject(compared.Table.Metrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
        ["summary"] = compared.Summary,
        ["cells"] = new JsonArray(compared.Rows.Select(row => (JsonNode?)new JsonObject
        {
            ["method"] = row.Cell.Method, ["init"] = row.Cell.Init, ["noise"] = row.Cell.Noise, ["dataset"] = row.Cell.Dataset,
            ["group"] = row.GroupLabel, ["metric"] = row.Cell.Metric, ["rule"] = row.Cell.Rule, ["claim"] = row.Cell.Claim,
            ["paper"] = row.Cell.Value, ["paper_spread"] = row.Cell.Spread,
            ["sweep_n"] = row.Sweep?.N, ["sweep_mean"] = row.Sweep?.Mean,
            ["sweep_ci95"] = row.Sweep is { } s && double.IsFinite(s.Ci95) ? s.Ci95 : null,
            ["verdict"] = row.Verdict,
        }).ToArray()),
    };

    /// <summary>The rows as LaTeX table rows, for <see cref="LatexExport"/>'s booktabs tables.</summary>
    public static IEnumerable<IReadOnlyList<string>> LatexRows(Compared compared) =>
        compared.Rows.Select(row => (IReadOnlyList<string>)[row.Label, row.Cell.Dataset, Metric(row), PaperComparison.PaperText(row.Cell), PaperComparison.SweepText(row), row.Verdict]);

    public static readonly string[] LatexHeader = ["method/init/noise", "dataset", "metric", "paper", "Sweep: mean [95% CI] (n)", "verdict"];

    public static string Html(Compared compared)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var (table, html) = (compared.Table, new StringBuilder());
        html.AppendLine($"<section class=\"comparison\" id=\"compare-{E(table.Name)}\"><h3>{E(table.Title)}</h3>");
        html.AppendLine($"<p>{E(table.Source)} Runs: {E(table.Runs)}. Protocol: {E(table.Protocol)}.</p><ul>");
        foreach (var (metric, meaning) in table.Metrics) html.AppendLine($"<li><code>{E(metric)}</code>: {E(meaning)}</li>");
        html.AppendLine("</ul><table><tr><th>method/init/noise</th><th>dataset</th><th>metric</th><th>paper</th><th>Sweep: mean [95% CI] (n)</th><th>verdict</th></tr>");
        foreach (var row in compared.Rows)
            html.AppendLine($"<tr class=\"{E(row.Verdict.Replace(' ', '-'))}\"><td>{E(row.Label)}</td><td>{E(row.Cell.Dataset)}</td><td>{E(Metric(row))}</td>" +
                            $"<td>{E(PaperComparison.PaperText(row.Cell))}</td><td>{E(PaperComparison.SweepText(row))}</td><td>{E(row.Verdict)}</td></tr>");
        html.AppendLine($"</table><p class=\"summary\"><strong>{E(compared.Summary)}.</strong></p></section>");
        return html.ToString();
    }

    /// <summary>Every paper table that has at least one cell the sweep ran, compared: what the report shows.</summary>
    public static IReadOnlyList<Compared> Covering(SweepReport report) =>
        PaperTable.Names.Select(name => Compared.Of(PaperTable.Find(name)!, report))
            .Where(c => c.Rows.Any(r => r.Group is not null)).ToList();
}

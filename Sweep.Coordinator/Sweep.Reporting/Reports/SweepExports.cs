using Sweep.Training.Tracing;

namespace Sweep.Reporting;

/// <summary>A sweep's tables as one of the export formats: what <c>sweep export</c> prints and the HTTP API's export returns.</summary>
public static class SweepExports
{
    public static readonly string[] Formats = ["md", "csv", "latex", "json"];

    /// <param name="compare">A paper table's name (<see cref="PaperTable.Names"/>) to set beside the sweep's numbers.</param>
    /// <param name="groups">CSV only: one row per group instead of one per trial.</param>
    /// <param name="curves">JSON only: finished trials' score curves (<see cref="ScoreCurves.OfAsync"/>).</param>
    /// <exception cref="ArgumentException">An unknown format or paper table, or a comparison asked with groups; the message names the parameter and what is accepted.</exception>
    public static string Render(SweepReport report, string format, string? compare, bool groups,
        IReadOnlyDictionary<string, IReadOnlyList<EvaluationPoint>>? curves = null)
    {
        if (!Formats.Contains(format))
            throw new ArgumentException($"format: '{format}' is not an export format; accepted: {string.Join(", ", Formats)}.");
        var table = compare is null ? null
            : PaperTable.Find(compare) ?? throw new ArgumentException($"compare: '{compare}' is not a paper table Sweep knows; known: {string.Join(", ", PaperTable.Names)}.");
        if (table is not null && groups)
            throw new ArgumentException("compare and groups: a CSV holds one table; export the groups and the comparison separately.");
        var compared = table is null ? null : ComparisonText.Compared.Of(table, report);
        return format switch
        {
            "md" => MarkdownExport.Render(report, compared),
            "csv" => compared is not null ? ComparisonText.Csv(compared) : groups ? CsvExport.Groups(report) : CsvExport.Trials(report),
            "latex" => LatexExport.Render(report, compared),
            _ => JsonExport.Render(report, compared, curves),
        };
    }

    /// <summary>The media type of a format's text.</summary>
    public static string MediaType(string format) => format switch
    {
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "latex" => "application/x-latex; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };
}

using System.Text;
using Sweep.Store;

namespace Sweep.Reporting;

/// <summary>The sweep as Markdown: the paper-style pivot, the per-group summary and every trial.</summary>
public static class MarkdownExport
{
    /// <param name="compared">A paper's numbers beside the sweep's (<c>--compare</c>), shown after the pivot.</param>
    public static string Render(SweepReport report, ComparisonText.Compared? compared = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Sweep {report.Sweep.Name}").AppendLine();
        text.AppendLine($"Fingerprint `{report.Sweep.Fingerprint}`; {report.Trials.Count} trials, " +
                        string.Join(", ", report.Trials.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")) + ".")
            .AppendLine();
        if (ProcessorsLine(report) is { } processors) text.AppendLine(processors).AppendLine();
        if (report.StaleNote is { } stale) text.AppendLine($"> {stale}").AppendLine();

        var pivot = Aggregation.Pivot(report.Groups);
        text.AppendLine($"## {Cells.PaperTableTitle} (mean ± std over seeds)").AppendLine();
        text.AppendLine("| method/init/noise | " + string.Join(" | ", pivot.Columns.Select(report.ColumnLabel)) + " |");
        text.AppendLine("|---|" + string.Concat(pivot.Columns.Select(_ => "---|")));
        foreach (var row in pivot.Rows)
            text.AppendLine($"| {row} | " + string.Join(" | ", pivot.Columns.Select(c => pivot.Text(row, c))) + " |");

        if (compared is not null) text.AppendLine().Append(ComparisonText.Markdown(compared));

        text.AppendLine().AppendLine("## Groups").AppendLine();
        var shell = report.Groups.Any(g => g.ShellModes is not null);
        text.AppendLine("| dataset | method | init | noise | preset | completed | modes mean | modes std | modes 95% CI | HQ mean | HQ std | HQ 95% CI | KL mean | KL std | IvOM mean | IvOM std |" +
                        (shell ? " shell-rule modes | shell-rule HQ |" : ""));
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|" + (shell ? "---|---|" : ""));
        foreach (var g in report.Groups)
            text.AppendLine($"| {g.Dataset} | {g.Method} | {g.Init} | {g.Noise} | {g.Preset} | {g.Completed}/{g.Trials} | " +
                            $"{Cells.Number(g.Modes?.Mean, "F2")} | {Cells.Number(g.Modes?.Std, "F2")} | ± {Cells.Number(g.Modes?.Ci95, "F2")} | " +
                            $"{Cells.Number(g.HighQuality?.Mean, "P1")} | {Cells.Number(g.HighQuality?.Std, "P1")} | ± {Cells.Number(g.HighQuality?.Ci95, "P1")} | " +
                            $"{Cells.Number(g.Kl?.Mean, "F3")} | {Cells.Number(g.Kl?.Std, "F3")} | {Cells.Number(g.Ivom?.Mean, "F4")} | {Cells.Number(g.Ivom?.Std, "F4")} |" +
                            (shell ? $" {Cells.MeanStd(g.ShellModes, "F2")} | {Cells.MeanStd(g.ShellHighQuality, "F1", 100)} |" : ""));

        text.AppendLine().Append(SeedStatisticsText.Markdown(report));

        text.AppendLine("## Trials").AppendLine();
        text.AppendLine("| trial | dataset | method | init | noise | seed | state | modes | HQ | KL | IvOM | seconds |" + (shell ? " shell-rule modes | shell-rule HQ |" : ""));
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|" + (shell ? "---|---|" : ""));
        foreach (var row in TrialRows.Of(report))
            text.AppendLine($"| {row.Record.Id} | {row.Dataset} | {row.Method} | {row.Init} | {row.Noise} | {row.Seed} | {Cells.State(row)} | " +
                            $"{Cells.Number(row.Record.Modes, "F0")} | {Cells.Number(row.Record.HighQuality, "P1")} | {Cells.Number(row.Record.Kl, "F3")} | " +
                            $"{Cells.Number(row.Record.IvomMean, "F4")} | {Cells.Number(row.Record.Seconds, "F1")} |" +
                            (shell ? $" {Cells.Number(row.Record.ShellModes, "F0")} | {Cells.Number(row.Record.ShellHighQuality, "P1")} |" : ""));
        return text.ToString();
    }

    /// <summary>What the completed trials ran on, most common first: the same seed gives other numbers on another processor.</summary>
    private static string? ProcessorsLine(SweepReport report)
    {
        var completed = report.Trials.Where(t => t.State == TrialState.Completed).ToList();
        if (completed.Count == 0) return null;
        var counts = completed.GroupBy(t => t.Processor ?? "not recorded")
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({g.Count()} {(g.Count() == 1 ? "trial" : "trials")})");
        return "Completed trials ran on: " + string.Join("; ", counts) + ".";
    }
}

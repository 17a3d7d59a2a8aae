using System.Text;

namespace Sweep.Reporting;

/// <summary>
/// A LaTeX document with booktabs tables: the paper-style pivot and the per-group summary. It
/// compiles as it is; each table environment can also be pasted into a paper that loads booktabs.
/// </summary>
public static class LatexExport
{
    /// <param name="compared">A paper's numbers beside the sweep's (<c>--compare</c>), as a third table.</param>
    public static string Render(SweepReport report, ComparisonText.Compared? compared = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"% Sweep {report.Sweep.Name} (fingerprint {report.Sweep.Fingerprint}), exported by `sweep export`.");
        text.AppendLine(@"\documentclass{article}");
        text.AppendLine(@"\usepackage{booktabs}");
        text.AppendLine(@"\begin{document}");

        if (report.StaleNote is { } stale) text.AppendLine(Escape(stale)).AppendLine();
        var pivot = Aggregation.Pivot(report.Groups);
        Table(text,
            $"Sweep {Escape(report.Sweep.Name)}: modes captured / high-quality samples (\\%) on synthetic data, modes / KL on Stacked MNIST, IvOM on CIFAR-10; mean $\\pm$ std over seeds.",
            "l" + new string('r', pivot.Columns.Count),
            ["method/init/noise", .. pivot.Columns.Select(report.ColumnLabel)],
            pivot.Rows.Select(row => (IReadOnlyList<string>)[row, .. pivot.Columns.Select(c => pivot.Text(row, c))]));

        var shell = report.Groups.Any(g => g.ShellModes is not null);
        Table(text,
            $"Sweep {Escape(report.Sweep.Name)}: per group (all axes but the seed), mean, std and 95\\% confidence interval (Student $t$)" +
            (shell ? "; hd1200 also under the typical-shell rule." : "."),
            "lllll" + "rrrrrr" + (shell ? "rr" : ""),
            ["dataset", "method", "init", "noise", "n", "modes", "modes 95% CI", "HQ %", "HQ 95% CI", "KL", "IvOM", .. shell ? ShellHeaders : []],
            report.Groups.Select(g => (IReadOnlyList<string>)[
                g.Dataset, g.Method, g.Init, g.Noise, $"{g.Completed}/{g.Trials}",
                Cells.MeanStd(g.Modes, "F2"), $"± {Cells.Number(g.Modes?.Ci95, "F2")}",
                Cells.MeanStd(g.HighQuality, "F1", 100), $"± {Cells.Number(g.HighQuality?.Ci95 * 100, "F1")}",
                Cells.MeanStd(g.Kl, "F2"), Cells.MeanStd(g.Ivom, "F4"),
                .. shell ? new[] { Cells.MeanStd(g.ShellModes, "F2"), Cells.MeanStd(g.ShellHighQuality, "F1", 100) } : [],
            ]));

        Table(text, $"Sweep {Escape(report.Sweep.Name)}: {Escape(SeedStatisticsText.Title.ToLowerInvariant())}. {Escape(SeedStatisticsText.Method)}",
            "llllll" + "rrrrr", SeedStatisticsText.Header, SeedStatisticsText.Rows(report));
        foreach (var comparison in report.Comparisons)
            Table(text, $"Sweep {Escape(report.Sweep.Name)}: {Escape(comparison.Title)}. {Escape(SeedStatisticsText.ComparisonMethod(comparison))} {Escape(comparison.Summary)}.",
                "lll" + "rrrrrrr", SeedStatisticsText.ComparisonHeader, SeedStatisticsText.ComparisonRows(comparison));

        if (compared is not null)
            Table(text, $"{Escape(compared.Table.Title)} beside sweep {Escape(report.Sweep.Name)}: the paper's value, Sweep's mean with its 95\\% confidence interval and n. {Escape(compared.Summary)}.",
                "llllll", ComparisonText.LatexHeader, ComparisonText.LatexRows(compared));

        text.AppendLine(@"\end{document}");
        return text.ToString();
    }

    private static readonly string[] ShellHeaders = ["shell modes", "shell HQ %"];

    private static void Table(StringBuilder text, string caption, string columns, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        text.AppendLine(@"\begin{table}[ht]").AppendLine(@"\centering").AppendLine(@"\small");
        text.AppendLine($@"\caption{{{caption}}}");
        text.AppendLine($@"\begin{{tabular}}{{{columns}}}");
        text.AppendLine(@"\toprule");
        text.AppendLine(Row(header));
        text.AppendLine(@"\midrule");
        foreach (var row in rows) text.AppendLine(Row(row));
        text.AppendLine(@"\bottomrule");
        text.AppendLine(@"\end{tabular}");
        text.AppendLine(@"\end{table}").AppendLine();
    }

    private static string Row(IReadOnlyList<string> cells) => string.Join(" & ", cells.Select(Escape)) + @" \\";

    /// <summary>Text as LaTeX: the ten special characters escaped, ± and — as math and dashes.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value)
            text.Append(c switch
            {
                '\\' => @"\textbackslash{}",
                '&' or '%' or '$' or '#' or '_' or '{' or '}' => $@"\{c}",
                '~' => @"\textasciitilde{}",
                '^' => @"\textasciicircum{}",
                '±' => @"$\pm$",
                '≥' => @"$\geq$",
                '−' => @"$-$",
                '<' => @"$<$",
                '—' => "---",
                _ => c.ToString(),
            });
        return text.ToString();
    }
}

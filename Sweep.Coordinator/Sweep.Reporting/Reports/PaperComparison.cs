using System.Globalization;
using Sweep.Store;

namespace Sweep.Reporting;

/// <summary>
/// A sweep's results beside a paper's, cell by cell, in the paper's metric definitions and units
/// (hd1200's modes and HQ under VEEGAN's rule as written, HQ in %, IvOM as pixel MSE on [0, 1]):
/// Sweep's mean with its Student-t 95% CI over seeds, and a verdict.
/// </summary>
public static class PaperComparison
{
    public const string Agrees = "agrees", Above = "above", Below = "below", TooFew = "n too small", NotRun = "not run";

    /// <summary>One paper cell against one of the sweep's groups (or none: not run).</summary>
    public sealed record Row(PaperCell Cell, GroupSummary? Group, string? GroupLabel, MetricSummary? Sweep, string Verdict)
    {
        public string Label => $"{Cell.Method}/{Cell.Init}/{Cell.Noise}" + (GroupLabel is null ? "" : $" ({GroupLabel})");
    }

    public static IReadOnlyList<Row> Compare(PaperTable table, SweepReport report)
    {
        var trials = report.Trials.ToDictionary(t => t.Id);
        var rows = new List<Row>();
        foreach (var cell in table.Cells)
        {
            var groups = report.Groups.Where(g => (g.Method, g.Dataset, g.Init, g.Noise) == (cell.Method, cell.Dataset, cell.Init, cell.Noise)).ToList();
            if (groups.Count == 0) rows.Add(new Row(cell, null, null, null, NotRun));
            foreach (var group in groups)
            {
                var values = group.TrialIds.Select(id => trials[id]).Where(t => t.State == TrialState.Completed)
                    .Select(t => Value(cell.Metric, t)).OfType<double>().ToList();
                // The preset, budget and knobs set beyond the preset say whether the group follows the paper's protocol.
                rows.Add(new Row(cell, group, group.Protocol, MetricSummary.Of(values), Verdict(cell, values)));
            }
        }

        return rows;
    }

    /// <summary>"7 of 12 cells agree (3 below, 1 above, 1 not run)".</summary>
    public static string Summary(IReadOnlyList<Row> rows)
    {
        var others = rows.Where(r => r.Verdict != Agrees).GroupBy(r => r.Verdict).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}").ToList();
        return $"{rows.Count(r => r.Verdict == Agrees)} of {rows.Count} cells agree" + (others.Count == 0 ? "" : $" ({string.Join(", ", others)})");
    }

    /// <summary>A trial's value of a paper metric, in the paper's units.</summary>
    public static double? Value(string metric, TrialRecord trial) => metric switch
    {
        "modes" => trial.Modes,
        "high_quality" => trial.HighQuality * 100,
        "kl" => trial.Kl,
        "ivom" => trial.IvomMean,
        _ => throw new InvalidDataException($"paper metric '{metric}' is not one Sweep measures"),
    };

    /// <param name="values">The completed seeds' values.</param>
    public static string Verdict(PaperCell cell, IReadOnlyList<double> values)
    {
        if (values.Count == 0) return NotRun;
        if (values.Count < 2) return TooFew;
        var summary = MetricSummary.Of(values)!;
        // A paper value exactly on the interval's edge agrees; the slack only absorbs rounding in mean ± half-width.
        var slack = 1e-9 * Math.Max(1, Math.Abs(cell.Value));
        var (low, high) = (summary.Mean - summary.Ci95 - slack, summary.Mean + summary.Ci95 + slack);
        return cell.Rule switch
        {
            "every-seed" => values.All(v => Math.Abs(v - cell.Value) <= slack) ? Agrees : values.Any(v => v < cell.Value) ? Below : Above,
            "at-least" => high >= cell.Value ? Agrees : Below,
            "mean" => cell.Value < low ? Above : cell.Value > high ? Below : Agrees,
            _ => throw new InvalidDataException($"paper cell rule '{cell.Rule}' is not one of mean, every-seed, at-least"),
        };
    }

    /// <summary>"41.2 [36.0, 46.4] (n = 3)", or what stands for it.</summary>
    public static string SweepText(Row row) => row.Sweep switch
    {
        null => row.Group is null ? "not in this sweep" : "no completed seed",
        { N: 1 } s => $"{Number(s.Mean)} (n = 1)",
        var s => $"{Number(s.Mean)} [{Number(s.Mean - s.Ci95)}, {Number(s.Mean + s.Ci95)}] (n = {s.N})",
    };

    public static string PaperText(PaperCell cell) =>
        (cell.Rule == "at-least" ? "≥ " : "") + Number(cell.Value) + (cell.Spread is { } spread ? $" ± {Number(spread)}" : "") +
        (cell.Rule == "every-seed" ? " (every seed)" : "");

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}

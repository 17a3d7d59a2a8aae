using System.Globalization;
using System.Text;

namespace Sweep.Reporting;

/// <summary>Tidy CSV (RFC 4180): one row per trial, or one row per group.</summary>
public static class CsvExport
{
    public static string Trials(SweepReport report)
    {
        var text = new StringBuilder();
        Line(text, "trial_id", "sweep", "dataset", "method", "init", "noise", "preset", "seed", "revision", "stale", "state", "attempt", "iterations",
            "modes", "max_modes", "high_quality", "shell_modes", "shell_high_quality", "kl", "ivom_mean", "ivom_std", "categories", "device", "seconds", "error");
        foreach (var row in TrialRows.Of(report))
        {
            var r = row.Record;
            Line(text, r.Id, report.Sweep.Name, row.Dataset, row.Method, row.Init, row.Noise, row.Preset, Value(row.Seed), Value(row.Revision),
                row.Stale ? "true" : "false", r.State.ToString().ToLowerInvariant(), Value(r.Attempt), Value(r.Iteration), Value(r.Modes), Value(r.MaxModes),
                Value(r.HighQuality), Value(r.ShellModes), Value(r.ShellHighQuality), Value(r.Kl), Value(r.IvomMean), Value(r.IvomStd), Value(r.Categories),
                r.Device ?? "", Value(r.Seconds), r.Error ?? "");
        }

        return text.ToString();
    }

    public static string Groups(SweepReport report)
    {
        var text = new StringBuilder();
        Line(text, ["sweep", "dataset", "method", "init", "noise", "preset", "iterations", "trials", "completed", "max_modes",
            "modes_mean", "modes_std", "modes_ci95", "high_quality_mean", "high_quality_std", "high_quality_ci95",
            "kl_mean", "kl_std", "kl_ci95", "ivom_mean", "ivom_std", "ivom_ci95",
            "shell_modes_mean", "shell_modes_std", "shell_modes_ci95", "shell_high_quality_mean", "shell_high_quality_std", "shell_high_quality_ci95",
            .. Enum.GetValues<SeedMetric>().SelectMany(SeedStatisticsText.CsvHeader), "collapsed", "collapse_seeds", "collapse_rate", "collapse_wilson_low", "collapse_wilson_high"]);
        foreach (var g in report.Groups)
        {
            Line(text, [report.Sweep.Name, g.Dataset, g.Method, g.Init, g.Noise, g.Preset, Value(g.Iterations), Value(g.Trials), Value(g.Completed), Value(g.MaxModes),
                .. Summary(g.Modes), .. Summary(g.HighQuality), .. Summary(g.Kl), .. Summary(g.Ivom), .. Summary(g.ShellModes), .. Summary(g.ShellHighQuality),
                .. Enum.GetValues<SeedMetric>().SelectMany(m => SeedStatisticsText.CsvCells(g, m)),
                Value(g.Collapse?.Collapsed), Value(g.Collapse?.Seeds), Value(g.Collapse?.Rate), Value(g.Collapse?.Ci?.Low), Value(g.Collapse?.Ci?.High)]);
        }

        return text.ToString();
    }

    private static string[] Summary(MetricSummary? s) => [Value(s?.Mean), Value(s?.Std), Value(s?.Ci95)];

    /// <summary>Round-trip numbers; empty for missing or undefined.</summary>
    internal static string Value(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    internal static string Value(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    internal static void Line(StringBuilder text, params string[] fields) =>
        text.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}

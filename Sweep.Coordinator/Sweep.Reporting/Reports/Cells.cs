using System.Globalization;

namespace Sweep.Reporting;

/// <summary>How numbers read in tables: invariant culture, "—" for missing or undefined.</summary>
public static class Cells
{
    public const string Missing = "—";

    /// <summary>What the pivot's cells hold: VEEGAN Table 1's and Table 2's metrics, per dataset.</summary>
    public const string PaperTableTitle = "Modes / high quality % (synthetic), modes / KL (Stacked MNIST), IvOM (CIFAR-10)";

    /// <summary>A trial's state as its table row shows it, marked when its definition is stale.</summary>
    public static string State(TrialRow row) =>
        row.Record.State.ToString().ToLowerInvariant() + (row.Stale ? $" (stale: revision {row.Revision})" : "");

    public static string Number(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : Missing;

    /// <summary>"mean ± std" (or just the mean for a single seed).</summary>
    public static string MeanStd(MetricSummary? summary, string format, double scale = 1) =>
        summary is null ? Missing
        : double.IsNaN(summary.Std) ? Number(summary.Mean * scale, format)
        : $"{Number(summary.Mean * scale, format)} ± {Number(summary.Std * scale, format)}";

    /// <summary>
    /// VEEGAN's cells: Table 1's "modes / HQ%" on synthetic data, Table 2's "modes / KL" on
    /// Stacked MNIST and the IvOM error where a dataset has no modes (CIFAR-10).
    /// </summary>
    /// <param name="shellRule">hd1200's modes and HQ under the shell rule instead of the paper's.</param>
    public static string PaperCell(GroupSummary? group, bool shellRule = false) => group switch
    {
        { ShellModes: not null, ShellHighQuality: not null } when shellRule =>
            $"{MeanStd(group.ShellModes, "F1")} / {MeanStd(group.ShellHighQuality, "F1", 100)}",
        _ when shellRule => Missing,
        { Modes: not null, HighQuality: not null } => $"{MeanStd(group.Modes, "F1")} / {MeanStd(group.HighQuality, "F1", 100)}",
        { Modes: not null, Kl: not null } => $"{MeanStd(group.Modes, "F1")} / {MeanStd(group.Kl, "F2")}",
        { Ivom: not null } => MeanStd(group.Ivom, "F4"),
        _ => Missing,
    };
}

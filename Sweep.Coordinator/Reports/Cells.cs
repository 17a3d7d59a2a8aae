using System.Globalization;

namespace Sweep.Coordinator.Reports;

/// <summary>How numbers read in tables: invariant culture, "—" for missing or undefined.</summary>
internal static class Cells
{
    public const string Missing = "—";

    public static string Number(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : Missing;

    /// <summary>"mean ± std" (or just the mean for a single seed).</summary>
    public static string MeanStd(MetricSummary? summary, string format, double scale = 1) =>
        summary is null ? Missing
        : double.IsNaN(summary.Std) ? Number(summary.Mean * scale, format)
        : $"{Number(summary.Mean * scale, format)} ± {Number(summary.Std * scale, format)}";

    /// <summary>VEEGAN Table 1's cell: "modes / HQ%".</summary>
    public static string PaperCell(GroupSummary? group) =>
        group?.Modes is null ? Missing : $"{MeanStd(group.Modes, "F1")} / {MeanStd(group.HighQuality, "F1", 100)}";
}

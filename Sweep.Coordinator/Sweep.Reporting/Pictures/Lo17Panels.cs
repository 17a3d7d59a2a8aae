using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Specs;

namespace Sweep.Reporting.Pictures;

/// <summary>
/// LO17 Figure 1's panels as its caption lists them, for one method and seed: (a) normal
/// initialisation and (b) covering initialisation, before training; after training, (c) covering
/// init + unimodal noise, (d) normal init + multimodal noise and (e) covering init + multimodal
/// noise. The caption does not say which noise (a) and (b) start with: Sweep shows (a) the plain
/// GAN's start (normal + unimodal) and (b) LO17's method's start (covering + multimodal), and adds
/// the plain GAN's end (normal + unimodal, trained), which the paper does not show, after (e).
/// </summary>
public static class Lo17Panels
{
    /// <param name="Tag">"(a)" … "(e)" for the paper's panels; "(+)" for Sweep's extra one.</param>
    public sealed record Panel(string Tag, InitKind Init, NoiseKind Noise, bool AtStart, string Caption)
    {
        /// <summary>The suffix of the trial picture this panel shows.</summary>
        public string PictureSuffix => AtStart ? "start" : "end";

        public string Title => $"{Tag} {Caption}";
    }

    /// <summary>
    /// One figure: a dataset, method and seed, with the sweep's trial for each panel (null where the
    /// grid has none). <see cref="Preset"/> is set only where the sweep runs that method on that
    /// dataset under several presets, to tell their figures apart.
    /// </summary>
    public sealed record Row(string Dataset, string Method, int Seed, string? Preset, IReadOnlyList<(Panel Panel, TrialRecord? Trial)> Panels)
    {
        public string Title => $"{Dataset} · {Method}{(Preset is null ? "" : $" ({Preset})")} · seed {Seed}";

        /// <summary>The panels side by side as one picture, for a paper.</summary>
        public string FileName => $"lo17-{Dataset}-{Method}{(Preset is null ? "" : $"-{Preset}")}-seed{Seed}.png";
    }

    public static IReadOnlyList<Panel> All { get; } =
    [
        new("(a)", InitKind.Normal, NoiseKind.Unimodal, AtStart: true, "normal init, before training"),
        new("(b)", InitKind.Covering, NoiseKind.Multimodal, AtStart: true, "covering init, before training"),
        new("(c)", InitKind.Covering, NoiseKind.Unimodal, AtStart: false, "covering init + unimodal noise"),
        new("(d)", InitKind.Normal, NoiseKind.Multimodal, AtStart: false, "normal init + multimodal noise"),
        new("(e)", InitKind.Covering, NoiseKind.Multimodal, AtStart: false, "covering init + multimodal noise"),
        new("(+)", InitKind.Normal, NoiseKind.Unimodal, AtStart: false, "normal init + unimodal noise (not in LO17)"),
    ];

    /// <summary>The sweep's figures, one per dataset, method, preset and seed, in the sweep's order.</summary>
    internal static IReadOnlyList<Row> Rows(SweepReport report)
    {
        var rows = TrialRows.Of(report).Where(r => !r.Stale).ToList();
        var severalPresets = rows.GroupBy(r => (r.Dataset, r.Method)).Where(g => g.Select(r => r.Preset).Distinct().Count() > 1).Select(g => g.Key).ToHashSet();
        return rows.GroupBy(r => (r.Dataset, r.Method, r.Preset, r.Seed)).Select(line => new Row(
                line.Key.Dataset, line.Key.Method, line.Key.Seed,
                severalPresets.Contains((line.Key.Dataset, line.Key.Method)) ? line.Key.Preset : null,
                All.Select(panel => (panel, line.FirstOrDefault(r => r.Init == AxisNames.Of(panel.Init) && r.Noise == AxisNames.Of(panel.Noise))?.Record)).ToList()))
            .ToList();
    }

    /// <summary>
    /// Where a variant stands in the charts: the plain GAN's (normal + unimodal) first, then the
    /// trained panels' order, (c) to (e).
    /// </summary>
    public static int Order(string init, string noise) =>
        ChartOrder.Select((p, i) => (p, i)).First(x => AxisNames.Of(x.p.Init) == init && AxisNames.Of(x.p.Noise) == noise).i;

    private static readonly Panel[] ChartOrder = [All[5], All[2], All[3], All[4]];
}

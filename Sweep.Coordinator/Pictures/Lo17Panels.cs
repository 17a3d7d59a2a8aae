using Sweep.Coordinator.Reports;
using Sweep.Coordinator.Store;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Pictures;

/// <summary>
/// Sweep's reading of LO17 Figure 1's panels for one method and seed: (a) the generator after
/// covering init, before any adversarial step (covering + multimodal at iteration 0); then the end
/// of training for (b) normal + unimodal, (c) normal + multimodal, (d) covering + unimodal and
/// (e) covering + multimodal — each technique alone, then both.
/// </summary>
public static class Lo17Panels
{
    public sealed record Panel(char Letter, InitKind Init, NoiseKind Noise, bool AtStart, string Caption)
    {
        /// <summary>The suffix of the trial picture this panel shows.</summary>
        public string PictureSuffix => AtStart ? "start" : "end";
    }

    /// <summary>
    /// One figure: a dataset, method and seed, with the sweep's trial for each panel (null where the
    /// grid has none). <see cref="Preset"/> is set only where the sweep runs that method on that
    /// dataset under several presets, to tell their figures apart.
    /// </summary>
    public sealed record Row(string Dataset, string Method, int Seed, string? Preset, IReadOnlyList<(Panel Panel, TrialRecord? Trial)> Panels)
    {
        public string Title => $"{Dataset} · {Method}{(Preset is null ? "" : $" ({Preset})")} · seed {Seed}";

        /// <summary>The five panels side by side as one picture, for a paper.</summary>
        public string FileName => $"lo17-{Dataset}-{Method}{(Preset is null ? "" : $"-{Preset}")}-seed{Seed}.png";
    }

    public static IReadOnlyList<Panel> All { get; } =
    [
        new('a', InitKind.Covering, NoiseKind.Multimodal, AtStart: true, "covering init, before training"),
        new('b', InitKind.Normal, NoiseKind.Unimodal, AtStart: false, "normal init + unimodal noise"),
        new('c', InitKind.Normal, NoiseKind.Multimodal, AtStart: false, "normal init + multimodal noise"),
        new('d', InitKind.Covering, NoiseKind.Unimodal, AtStart: false, "covering init + unimodal noise"),
        new('e', InitKind.Covering, NoiseKind.Multimodal, AtStart: false, "covering init + multimodal noise"),
    ];

    /// <summary>The sweep's figures, one per dataset, method, preset and seed, in the sweep's order.</summary>
    internal static IReadOnlyList<Row> Rows(SweepReport report)
    {
        var rows = TrialRows.Of(report).ToList();
        var severalPresets = rows.GroupBy(r => (r.Dataset, r.Method)).Where(g => g.Select(r => r.Preset).Distinct().Count() > 1).Select(g => g.Key).ToHashSet();
        return rows.GroupBy(r => (r.Dataset, r.Method, r.Preset, r.Seed)).Select(line => new Row(
                line.Key.Dataset, line.Key.Method, line.Key.Seed,
                severalPresets.Contains((line.Key.Dataset, line.Key.Method)) ? line.Key.Preset : null,
                All.Select(panel => (panel, line.FirstOrDefault(r => r.Init == AxisNames.Of(panel.Init) && r.Noise == AxisNames.Of(panel.Noise))?.Record)).ToList()))
            .ToList();
    }

    /// <summary>Where a variant's end picture sits in the figure (b–e: 0–3), from the axes' names.</summary>
    public static int Order(string init, string noise) =>
        All.Skip(1).Select((p, i) => (p, i)).First(x => AxisNames.Of(x.p.Init) == init && AxisNames.Of(x.p.Noise) == noise).i;
}

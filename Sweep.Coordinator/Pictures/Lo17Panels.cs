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
    public sealed record Panel(char Letter, InitKind Init, NoiseKind Noise, bool AtStart, string Caption);

    public static IReadOnlyList<Panel> All { get; } =
    [
        new('a', InitKind.Covering, NoiseKind.Multimodal, AtStart: true, "covering init, before training"),
        new('b', InitKind.Normal, NoiseKind.Unimodal, AtStart: false, "normal init + unimodal noise"),
        new('c', InitKind.Normal, NoiseKind.Multimodal, AtStart: false, "normal init + multimodal noise"),
        new('d', InitKind.Covering, NoiseKind.Unimodal, AtStart: false, "covering init + unimodal noise"),
        new('e', InitKind.Covering, NoiseKind.Multimodal, AtStart: false, "covering init + multimodal noise"),
    ];

    /// <summary>Where a variant's end picture sits in the figure (b–e: 0–3), from the axes' names.</summary>
    public static int Order(string init, string noise) =>
        All.Skip(1).Select((p, i) => (p, i)).First(x => AxisNames.Of(x.p.Init) == init && AxisNames.Of(x.p.Noise) == noise).i;
}

using System.Globalization;

namespace Sweep.Training.Specs;

/// <summary>
/// A trial as a user writes it (strings, optional preset and budget, knob overrides), before
/// validation. <see cref="Resolve"/> turns it into a <see cref="TrialSpec"/> or throws a
/// <see cref="SpecException"/> naming the offending key.
/// </summary>
public sealed record TrialRequest
{
    public required string Dataset { get; init; }
    public required string Method { get; init; }
    public string Init { get; init; } = "normal";
    public string Noise { get; init; } = "unimodal";
    public int Seed { get; init; }
    public int? Iterations { get; init; }
    public string? Preset { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; init; } = [];

    public TrialSpec Resolve()
    {
        var dataset = AxisNames.Parse<DatasetKind>("dataset", Dataset);
        var method = AxisNames.Parse<MethodKind>("method", Method);
        var init = AxisNames.Parse<InitKind>("init", Init);
        var noise = AxisNames.Parse<NoiseKind>("noise", Noise);

        var preset = Preset?.Trim().ToLowerInvariant() ?? Presets.DefaultFor(method, dataset);
        if (!Presets.Names.Contains(preset))
            throw SpecException.NotOneOf("preset", Preset, Presets.Names);
        if (!Presets.For(dataset).Contains(preset))
        {
            var kind = dataset.IsImage() ? "the synthetic datasets (ring, grid, hd1200)" : "image datasets (stacked-mnist, cifar10)";
            throw new SpecException("preset",
                $"'{preset}' is for {kind}; {AxisNames.Of(dataset)} accepts: {string.Join(", ", Presets.For(dataset))}.");
        }
        if (!dataset.IsImage() && Overrides.FirstOrDefault(o => Knobs.ImageOnly.Contains(o.Key.Trim())) is { Key: { } imageKnob })
            throw new SpecException(imageKnob.Trim(), $"applies to image datasets (stacked-mnist, cifar10), not {AxisNames.Of(dataset)}.");

        var hyper = Overrides.Aggregate(Presets.Get(preset), (h, kv) => Knobs.Apply(h, kv.Key, kv.Value));

        var iterations = Iterations ?? Presets.DefaultIterations(preset);
        if (iterations < 1)
            throw new SpecException("iterations", $"'{iterations.ToString(CultureInfo.InvariantCulture)}' is not accepted; expected an integer >= 1.");
        if (noise == NoiseKind.Multimodal && hyper.Categories == 0 && hyper.CategoriesMax < 2)
            throw new SpecException("categories_max", "must be >= 2 when categories is auto.");

        if (dataset.IsImage() && hyper.FixedDataset)
            throw new SpecException("fixed_dataset", $"applies to ring, grid and hd1200; {AxisNames.Of(dataset)} always draws from its real images.");

        return new TrialSpec(dataset, method, init, noise, Seed, iterations, preset, hyper);
    }
}

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
        if (dataset.IsImage() && Overrides.FirstOrDefault(o => Knobs.SyntheticOnly.Contains(o.Key.Trim())) is { Key: { } mlpKnob })
            throw new SpecException(mlpKnob.Trim(), $"applies to the synthetic datasets' MLPs (ring, grid, hd1200), not {AxisNames.Of(dataset)}.");
        if (Overrides.FirstOrDefault(o => Knobs.MethodOnly.TryGetValue(o.Key.Trim(), out var only) && only != method) is { Key: { } methodKnob })
            throw new SpecException(methodKnob.Trim(), $"applies to method {AxisNames.Of(Knobs.MethodOnly[methodKnob.Trim()])}, not {AxisNames.Of(method)}.");

        var hyper = WithMethodDefaults(method, Overrides.Aggregate(Presets.Get(preset), (h, kv) => Knobs.Apply(h, kv.Key, kv.Value)));
        if (hyper.WeightInitGain is not null && hyper.WeightInit != WeightInit.Orthogonal)
            throw new SpecException("weight_init_gain", "scales orthogonal weights; set weight_init to orthogonal too.");

        var iterations = Iterations ?? Presets.DefaultIterations(preset);
        if (iterations < 1)
            throw new SpecException("iterations", $"'{iterations.ToString(CultureInfo.InvariantCulture)}' is not accepted; expected an integer >= 1.");
        if (noise == NoiseKind.Multimodal && hyper.Categories == 0 && hyper.CategoriesMax < 2)
            throw new SpecException("categories_max", "must be >= 2 when categories is auto.");

        if (dataset.IsImage() && hyper.FixedDataset)
            throw new SpecException("fixed_dataset", $"applies to ring, grid and hd1200; {AxisNames.Of(dataset)} always draws from its real images.");

        var spec = new TrialSpec(dataset, method, init, noise, Seed, iterations, preset, hyper);
        return spec with { Revision = Revisions.Current(spec) };
    }

    /// <summary>Each method's own knobs at their defaults where the preset and overrides left them unset.</summary>
    private static Hyperparameters WithMethodDefaults(MethodKind method, Hyperparameters hyper) => method switch
    {
        MethodKind.Unrolled => hyper with { UnrolledGLoss = hyper.UnrolledGLoss ?? UnrolledGeneratorLoss.Saddle },
        MethodKind.Ali => hyper with { AliEncoder = hyper.AliEncoder ?? Specs.AliEncoder.Gaussian },
        MethodKind.Veegan => hyper with { VeeganBatch = hyper.VeeganBatch ?? GeneratorBatch.Shared },
        _ => hyper,
    };
}

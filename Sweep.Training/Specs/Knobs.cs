using System.Globalization;

namespace Sweep.Training.Specs;

/// <summary>
/// The named knobs a user may set (<c>--set lr_d=2e-4</c>, or a sweep file's overrides), each with
/// its parser and the range it accepts. One table, so the CLI, sweep files and docs agree.
/// </summary>
public static class Knobs
{
    private sealed record Knob(string Name, string Accepts, Func<Hyperparameters, string, Hyperparameters?> Apply);

    private static readonly Knob[] All =
    [
        Int("batch_size", 1, 1 << 16, (h, v) => h with { BatchSize = v }),
        Int("d_steps", 1, 100, (h, v) => h with { DSteps = v }),
        Int("g_layers", 1, 16, (h, v) => h with { GLayers = v }),
        Int("g_width", 1, 8192, (h, v) => h with { GWidth = v }),
        Int("d_layers", 1, 16, (h, v) => h with { DLayers = v }),
        Int("d_width", 1, 8192, (h, v) => h with { DWidth = v }),
        Int("f_layers", 1, 16, (h, v) => h with { FLayers = v }),
        Int("f_width", 1, 8192, (h, v) => h with { FWidth = v }),
        Positive("lr_g", (h, v) => h with { LrG = v }),
        Positive("lr_d", (h, v) => h with { LrD = v }),
        Fraction("beta1", (h, v) => h with { Beta1 = v }),
        Fraction("beta2", (h, v) => h with { Beta2 = v }),
        Int("noise_dim", 1, 4096, (h, v) => h with { NoiseDim = v }),
        new("noise_dist", "gaussian or uniform",
            (h, v) => AxisNames.TryParse<NoiseDistribution>(v, out var d) ? h with { NoiseDistribution = d } : null),
        new("categories", "an integer >= 1, or auto",
            (h, v) => v.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase) ? h with { Categories = 0 }
                : int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c >= 1 ? h with { Categories = c }
                : null),
        Int("categories_max", 2, 1000, (h, v) => h with { CategoriesMax = v }),
        Int("extra_noise_dims", 0, 4096, (h, v) => h with { ExtraNoiseDims = v }),
        Int("unroll_steps", 1, 100, (h, v) => h with { UnrollSteps = v }),
        Int("unroll_order", 1, 2, (h, v) => h with { UnrollOrder = v }),
        Positive("ring_radius", (h, v) => h with { RingRadius = v }),
        Positive("ring_std", (h, v) => h with { RingStd = v }),
        Positive("grid_std", (h, v) => h with { GridStd = v }),
        new("fixed_dataset", "true or false",
            (h, v) => bool.TryParse(v, out var b) ? h with { FixedDataset = b } : null),
        Int("dataset_size", 1, 1_000_000, (h, v) => h with { DatasetSize = v }),
        Int("covering_steps", 0, 100_000, (h, v) => h with { CoveringSteps = v }),
        Int("covering_batch", 2, 1 << 16, (h, v) => h with { CoveringBatch = v }),
        Positive("covering_lr", (h, v) => h with { CoveringLr = v }),
        NonNegative("covering_cov_weight", (h, v) => h with { CoveringCovWeight = v }),
        Int("eval_samples", 1, 1_000_000, (h, v) => h with { EvalSamples = v }),
        Choice<UnrolledGeneratorLoss>("unrolled_g_loss", (h, v) => h with { UnrolledGLoss = v }),
        Choice<AliEncoder>("ali_encoder", (h, v) => h with { AliEncoder = v }),
        Choice<GeneratorBatch>("veegan_batch", (h, v) => h with { VeeganBatch = v }),
        // The framework's default is no setting at all (nor a gain), so trials that spell it out keep their ids.
        Choice<WeightInit>("weight_init", (h, v) => v == Specs.WeightInit.Default ? h with { WeightInit = null, WeightInitGain = null } : h with { WeightInit = v }),
        Positive("weight_init_gain", (h, v) => h with { WeightInitGain = v }),
        Positive("d_input_scale", (h, v) => h with { DInputScale = v == 1 ? null : v }),
        Int("ivom_images", 0, 10_000, (h, v) => h with { IvomImages = v }),
        Int("ivom_steps", 1, 100_000, (h, v) => h with { IvomSteps = v }),
        Positive("ivom_lr", (h, v) => h with { IvomLr = v }),
        Int("ivom_restarts", 1, 100, (h, v) => h with { IvomRestarts = v }),
    ];

    /// <summary>Knobs that only image datasets use.</summary>
    public static IReadOnlyList<string> ImageOnly { get; } = ["ivom_images", "ivom_steps", "ivom_lr", "ivom_restarts"];

    /// <summary>Knobs of the MLPs that the synthetic datasets train (the image nets start as DCGAN's).</summary>
    public static IReadOnlyList<string> SyntheticOnly { get; } = ["weight_init", "weight_init_gain", "d_input_scale"];

    /// <summary>Knobs that only one method uses.</summary>
    public static IReadOnlyDictionary<string, MethodKind> MethodOnly { get; } = new Dictionary<string, MethodKind>
    {
        ["unrolled_g_loss"] = MethodKind.Unrolled,
        ["ali_encoder"] = MethodKind.Ali,
        ["veegan_batch"] = MethodKind.Veegan,
    };

    public static IReadOnlyList<string> Names { get; } = All.Select(k => k.Name).ToArray();

    /// <summary>Applies <c>name=value</c>; throws a <see cref="SpecException"/> naming the knob and what it accepts.</summary>
    public static Hyperparameters Apply(Hyperparameters hyper, string name, string value)
    {
        var knob = All.FirstOrDefault(k => k.Name == name.Trim())
                   ?? throw SpecException.NotOneOf(name, name, Names);
        return knob.Apply(hyper, value)
               ?? throw new SpecException(name, $"'{value}' is not accepted; expected {knob.Accepts}.");
    }

    private static Knob Int(string name, int min, int max, Func<Hyperparameters, int, Hyperparameters> set) =>
        new(name, $"an integer from {min} to {max}",
            (h, v) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= min && i <= max
                ? set(h, i)
                : null);

    private static Knob Choice<T>(string name, Func<Hyperparameters, T, Hyperparameters> set) where T : struct, Enum =>
        new(name, string.Join(" or ", AxisNames.All<T>()), (h, v) => AxisNames.TryParse<T>(v, out var choice) ? set(h, choice) : null);

    private static Knob Positive(string name, Func<Hyperparameters, double, Hyperparameters> set) =>
        Real(name, "a number > 0", x => x > 0, set);

    private static Knob NonNegative(string name, Func<Hyperparameters, double, Hyperparameters> set) =>
        Real(name, "a number >= 0", x => x >= 0, set);

    private static Knob Fraction(string name, Func<Hyperparameters, double, Hyperparameters> set) =>
        Real(name, "a number in [0, 1)", x => x is >= 0 and < 1, set);

    private static Knob Real(string name, string accepts, Func<double, bool> valid, Func<Hyperparameters, double, Hyperparameters> set) =>
        new(name, accepts,
            (h, v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && valid(x)
                ? set(h, x)
                : null);
}

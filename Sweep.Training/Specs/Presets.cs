namespace Sweep.Training.Specs;

/// <summary>
/// The protocols of PAPERS.md as knob values. Where a paper leaves a value open, the choice made
/// here is marked "Sweep's choice" and documented in the README.
/// </summary>
public static class Presets
{
    public const string Lo17 = "lo17";
    public const string Veegan = "veegan";
    public const string Metz = "metz";
    public const string Dcgan = "dcgan";

    public static IReadOnlyList<string> Names { get; } = [Lo17, Veegan, Metz, Dcgan];

    /// <summary>The presets that fit <paramref name="dataset"/>: dcgan for images, the papers' MLP protocols otherwise.</summary>
    public static IReadOnlyList<string> For(DatasetKind dataset) => dataset.IsImage() ? [Dcgan] : [Lo17, Veegan, Metz];

    /// <summary>Preset used when a trial names none: dcgan for images, else each method's own paper.</summary>
    public static string DefaultFor(MethodKind method, DatasetKind dataset) => dataset.IsImage() ? Dcgan : method switch
    {
        MethodKind.Unrolled => Metz,
        MethodKind.Veegan or MethodKind.Ali => Veegan,
        _ => Lo17,
    };

    /// <summary>Iterations (generator updates) when a trial names none.</summary>
    public static int DefaultIterations(string preset) => preset switch
    {
        Veegan => 100_000,    // VEEGAN's budget
        Metz => 25_000,       // their notebook's max_iter; the appendix gives none
        Dcgan => 100_000,     // Sweep's choice after PacGAN: ~50 epochs of 128 000 stacked images at batch 64
        _ => 5_000,           // Sweep's choice: LO17 gives no step count
    };

    public static Hyperparameters Get(string preset) => preset switch
    {
        Lo17 => Shared with
        {
            // "two-layer, 128 hidden ReLU" read as 2 hidden layers of 128 (g_layers/d_layers=1 is the other reading).
            BatchSize = 512,          // Sweep's choice
            DSteps = 10,
            DLayers = 2,
            LrG = 1e-3, LrD = 1e-3, Beta1 = 0.9, Beta2 = 0.999,   // Adam, library defaults
            NoiseDim = 2,             // Sweep's choice
            RingRadius = 2, RingStd = 0.02,
        },
        Veegan => Shared with
        {
            BatchSize = 500,
            DSteps = 1,
            DLayers = 1,
            LrG = 1e-3, LrD = 1e-3, Beta1 = 0.5, Beta2 = 0.999,
            NoiseDim = 254,
            ExtraNoiseDims = 1,
            RingRadius = 1, RingStd = 0.01,
        },
        Metz => Shared with
        {
            // Metz et al., appendix A (2-D mixture): G 2×128 ReLU from z ~ N(0, I_256), D 1×128 ReLU
            // on its input scaled down by 4, every weight orthogonal with scale 0.8, Adam 1e-4 / β1 0.5.
            BatchSize = 512,          // their notebook (poolio/unrolled_gan); the appendix gives none
            DSteps = 1,
            DLayers = 1,
            LrG = 1e-4, LrD = 1e-4, Beta1 = 0.5, Beta2 = 0.999,
            NoiseDim = 256,
            RingRadius = 2, RingStd = 0.02,
            WeightInit = WeightInit.Orthogonal, WeightInitGain = 0.8,
            DInputScale = 0.25,
        },
        Dcgan => Shared with
        {
            // DCGAN (Radford et al.) as PacGAN used it for Stacked MNIST; the same nets for every method.
            BatchSize = 64,
            DSteps = 1,
            GWidth = 64, DWidth = 64, FWidth = 64,   // base channels: 8w = 512 at the 2×2 end
            LrG = 2e-4, LrD = 2e-4, Beta1 = 0.5, Beta2 = 0.999,
            NoiseDim = 100,
            Categories = 10,          // Sweep's choice: k-means on raw pixels says little about 1000 modes
            CoveringBatch = 256,      // Sweep's choice: cost grows with the batch squared
            EvalSamples = 26_000,     // VEEGAN: modes and KL over 26 000 samples
            IvomImages = 100, IvomSteps = 200, IvomLr = 0.01, IvomRestarts = 3,   // Sweep's choice: the papers give none
        },
        _ => throw SpecException.NotOneOf("preset", preset, Names),
    };

    private static readonly Hyperparameters Shared = new()
    {
        BatchSize = 512,
        DSteps = 1,
        GLayers = 2, GWidth = 128,
        DLayers = 2, DWidth = 128,
        FLayers = 2, FWidth = 128,
        LrG = 1e-3, LrD = 1e-3, Beta1 = 0.9, Beta2 = 0.999,
        NoiseDim = 2,
        NoiseDistribution = NoiseDistribution.Gaussian,
        Categories = 0,               // auto: k-means + silhouette on a data sample
        CategoriesMax = 32,
        ExtraNoiseDims = 0,
        UnrollSteps = 5,
        UnrollOrder = 2,
        RingRadius = 2, RingStd = 0.02,
        GridStd = 0.05,
        FixedDataset = false,         // fresh samples every batch (VEEGAN's and Metz's notebooks)
        DatasetSize = 100_000,        // ALI / PacGAN when fixed_dataset=true
        CoveringSteps = 500,          // Sweep's choice: LO17 gives no step count
        CoveringBatch = 1024,
        CoveringLr = 1e-3,
        CoveringCovWeight = 1,
        EvalSamples = 2500,
    };
}

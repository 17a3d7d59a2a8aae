using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>
/// Every knob of one trial, fully resolved (preset + overrides). Part of the trial's identity:
/// two trials with equal hyperparameters, axes and seed are the same trial.
/// Snake-case knob names (for --set and sweep files) are listed in <see cref="Knobs"/>.
/// </summary>
public sealed record Hyperparameters
{
    public required int BatchSize { get; init; }

    /// <summary>Discriminator updates per generator update.</summary>
    public required int DSteps { get; init; }

    public required int GLayers { get; init; }
    public required int GWidth { get; init; }
    public required int DLayers { get; init; }
    public required int DWidth { get; init; }

    /// <summary>Hidden layers of VEEGAN's reconstructor F and ALI's encoder E.</summary>
    public required int FLayers { get; init; }
    public required int FWidth { get; init; }

    public required double LrG { get; init; }
    public required double LrD { get; init; }
    public required double Beta1 { get; init; }
    public required double Beta2 { get; init; }

    /// <summary>d: dimensions of the continuous part of the noise.</summary>
    public required int NoiseDim { get; init; }
    public required NoiseDistribution NoiseDistribution { get; init; }

    /// <summary>c: one-hot categories of multimodal noise; 0 means estimate from the data (<c>auto</c>).</summary>
    public required int Categories { get; init; }

    /// <summary>Largest c that <c>auto</c> considers.</summary>
    public required int CategoriesMax { get; init; }

    /// <summary>Extra noise dims fed to G but not reconstructed (VEEGAN's notebook uses 1).</summary>
    public required int ExtraNoiseDims { get; init; }

    public required int UnrollSteps { get; init; }

    /// <summary>2: backpropagate through the unrolled updates (Metz); 1: treat them as constants.</summary>
    public required int UnrollOrder { get; init; }

    public required double RingRadius { get; init; }
    public required double RingStd { get; init; }
    public required double GridStd { get; init; }

    /// <summary>Train on a fixed set of <see cref="DatasetSize"/> samples instead of fresh samples each batch.</summary>
    public required bool FixedDataset { get; init; }
    public required int DatasetSize { get; init; }

    public required int CoveringSteps { get; init; }
    public required int CoveringBatch { get; init; }
    public required double CoveringLr { get; init; }

    /// <summary>Weight of the covariance term against the mean term in the covering loss.</summary>
    public required double CoveringCovWeight { get; init; }

    public required int EvalSamples { get; init; }

    // Knobs of one method or one preset. Null where they do not apply (the method's own default is
    // filled in when a trial is resolved), and then left out of the canonical JSON, so trials they do
    // not concern keep their ids.

    /// <summary>Unrolled GAN's generator objective (<c>unrolled_g_loss</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UnrolledGeneratorLoss? UnrolledGLoss { get; init; }

    /// <summary>ALI's encoder (<c>ali_encoder</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AliEncoder? AliEncoder { get; init; }

    /// <summary>VEEGAN's G/F update batch (<c>veegan_batch</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GeneratorBatch? VeeganBatch { get; init; }

    /// <summary>How the MLPs' weights start; null: the framework's default (<c>weight_init</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WeightInit? WeightInit { get; init; }

    /// <summary>Scale of orthogonal weights (<c>weight_init_gain</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WeightInitGain { get; init; }

    /// <summary>The discriminator multiplies its input by this first; null: 1 (<c>d_input_scale</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DInputScale { get; init; }

    // Inference via optimisation (IvOM) on image datasets. Null for the synthetic ones, and then left
    // out of the canonical JSON, so synthetic trials keep the ids they had before images existed.

    /// <summary>Real test images whose nearest generator output is searched for; 0 skips IvOM.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? IvomImages { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? IvomSteps { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? IvomLr { get; init; }

    /// <summary>Independent starting points per image; the best final error counts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? IvomRestarts { get; init; }
}

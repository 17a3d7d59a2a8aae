using Sweep.Training.Data;
using static TorchSharp.torch;

namespace Sweep.Training.Metrics;

/// <summary>
/// VEEGAN's synthetic metrics: each sample is assigned to its nearest mode mean; it is high quality
/// if the dataset's rule accepts its distance; a mode is captured if it is the nearest mean of at
/// least one high-quality sample.
/// </summary>
public static class ModeCoverage
{
    public sealed record Score(int Modes, int MaxModes, double HighQuality, int[] HighQualityPerMode);

    /// <summary>The samples scored under the dataset's (the paper's) rule.</summary>
    public static Score Evaluate(Tensor samples, GaussianMixture data) => Evaluate(samples, data, data.Rule);

    public static Score Evaluate(Tensor samples, GaussianMixture data, IModeQualityRule rule)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var distances = cdist(samples.to_type(ScalarType.Float32), data.Means);   // [n, modes]
        var nearest = distances.min(1);
        var highQuality = rule.IsHighQuality(nearest.values);
        var perMode = bincount(nearest.indexes.masked_select(highQuality), minlength: data.Modes);
        var counts = perMode.cpu().data<long>().Select(c => (int)c).ToArray();
        return new Score(
            Modes: counts.Count(c => c > 0),
            MaxModes: data.Modes,
            HighQuality: highQuality.to_type(ScalarType.Float32).mean().item<float>(),
            HighQualityPerMode: counts);
    }
}

using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Metrics;

/// <summary>Decides whether a sample is a high-quality sample of its nearest mode.</summary>
public interface IModeQualityRule
{
    /// <summary>Boolean mask [n] given each sample's distance to its nearest mode mean.</summary>
    Tensor IsHighQuality(Tensor distanceToNearestMean);
}

/// <summary>VEEGAN's rule as written: within <c>k</c> standard deviations of the nearest mode mean (2-D: k = 3; hd1200: k = 10).</summary>
public sealed record WithinStdRule(double Std, double K = 3) : IModeQualityRule
{
    public Tensor IsHighQuality(Tensor distanceToNearestMean)
    {
        using var s = new HeldScalars();
        return distanceToNearestMean.le(s[K * Std]);
    }
}

/// <summary>
/// Rule for modes whose noise spans many dimensions (hd1200): a real sample lies on a thin shell
/// of radius ≈ √dims around its mean, never near the mean itself, so "within 10 std of the mean"
/// read literally rejects real data. Sweep reads it as: the distance to the nearest mean is within
/// <c>k</c> standard deviations of the expected radius of that mode's typical set (a chi
/// distribution with <c>dims</c> degrees of freedom, scaled by the per-coordinate std).
/// </summary>
public sealed record TypicalShellRule(int Dims, double Std, double K = 10) : IModeQualityRule
{
    // E[chi_k]^2 = k - 1/2 + 1/(8k) + O(1/k^2); Var[chi_k] = k - E[chi_k]^2.
    public double ExpectedRadius => Std * Math.Sqrt(Dims - 0.5 + 1.0 / (8 * Dims));
    public double RadiusStd => Std * Math.Sqrt(0.5 - 1.0 / (8 * Dims));

    public Tensor IsHighQuality(Tensor distanceToNearestMean)
    {
        using var s = new HeldScalars();
        using var offset = distanceToNearestMean.sub(s[ExpectedRadius]);
        return offset.abs().le(s[K * RadiusStd]);
    }
}

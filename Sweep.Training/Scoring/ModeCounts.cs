using static TorchSharp.torch;

namespace Sweep.Training.Scoring;

/// <summary>
/// VEEGAN's Stacked MNIST scores from each sample's mode: the number of distinct modes seen, and
/// KL(p_gen ‖ uniform) = Σ_{p>0} p·log(p·K) over K modes.
/// </summary>
public static class ModeCounts
{
    public sealed record Score(int Modes, int MaxModes, double Kl);

    /// <param name="modes">int64 [n] mode indices in [0, <paramref name="maxModes"/>).</param>
    public static Score Of(Tensor modes, int maxModes)
    {
        using var counts = bincount(modes, minlength: maxModes).cpu();
        var n = (double)modes.shape[0];
        var kl = 0.0;
        var seen = 0;
        foreach (var count in counts.data<long>())
        {
            if (count == 0) continue;
            seen++;
            var p = count / n;
            kl += p * Math.Log(p * maxModes);
        }

        return new Score(seen, maxModes, kl);
    }
}

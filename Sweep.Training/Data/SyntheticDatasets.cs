using Sweep.Training.Metrics;
using Sweep.Training.Specs;

namespace Sweep.Training.Data;

/// <summary>The synthetic datasets exactly as PAPERS.md defines them.</summary>
public static class SyntheticDatasets
{
    /// <summary>hd1200's mode offsets m (added to all 1200 coordinates), PacGAN's reading of VEEGAN.</summary>
    public static readonly float[] Hd1200Offsets = [-1f, -0.5f, 0f, 0.5f, -2f, -2.5f, 10f, 0.25f, -13f, -5.5f];

    public const int Hd1200Dim = 1200;
    public const int Hd1200NoiseDims = 700;

    public static GaussianMixture Create(DatasetKind kind, Hyperparameters hyper) => kind switch
    {
        DatasetKind.Ring => Ring(8, hyper.RingRadius, hyper.RingStd),
        DatasetKind.Grid => Grid(hyper.GridStd),
        DatasetKind.Hd1200 => Hd1200(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Centres at angle 2πi/modes for i = 0..modes-1 (not linspace(0, 2π), which repeats one).</summary>
    public static GaussianMixture Ring(int modes, double radius, double std)
    {
        var means = new float[modes, 2];
        for (var i = 0; i < modes; i++)
        {
            var angle = 2 * Math.PI * i / modes;
            means[i, 0] = (float)(radius * Math.Cos(angle));
            means[i, 1] = (float)(radius * Math.Sin(angle));
        }

        return new GaussianMixture("ring", means, std, 2, new WithinStdRule(std));
    }

    /// <summary>25 modes at {-4,-2,0,2,4}².</summary>
    public static GaussianMixture Grid(double std)
    {
        var means = new float[25, 2];
        for (var i = 0; i < 25; i++)
        {
            means[i, 0] = -4 + 2 * (i / 5);
            means[i, 1] = -4 + 2 * (i % 5);
        }

        return new GaussianMixture("grid", means, std, 2, new WithinStdRule(std));
    }

    /// <summary>
    /// x[0:700] ~ N(0, I), x[700:1200] = 0, plus m·1 with m from <see cref="Hd1200Offsets"/>. Scored
    /// under VEEGAN's rule as written (within 10 σ of the nearest mean, σ = 1), which real samples,
    /// ≈ √700 ≈ 26 σ from their mean, fail; and beside it under the typical-shell rule, which they pass.
    /// </summary>
    public static GaussianMixture Hd1200()
    {
        var means = new float[Hd1200Offsets.Length, Hd1200Dim];
        for (var i = 0; i < Hd1200Offsets.Length; i++)
            for (var j = 0; j < Hd1200Dim; j++)
                means[i, j] = Hd1200Offsets[i];

        return new GaussianMixture("hd1200", means, 1.0, Hd1200NoiseDims, new WithinStdRule(1.0, K: 10), new TypicalShellRule(Hd1200NoiseDims, 1.0));
    }
}

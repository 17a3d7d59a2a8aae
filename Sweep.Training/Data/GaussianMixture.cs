using TorchSharp;
using Sweep.Training.Metrics;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Data;

/// <summary>
/// An equal-weight mixture of isotropic Gaussians. <see cref="NoiseDims"/> says how many leading
/// coordinates carry noise (hd1200: the first 700 of 1200; the rest sit exactly on the mean).
/// </summary>
public sealed class GaussianMixture : IDataset
{
    /// <param name="rule">The paper's high-quality rule: modes and high quality are scored under it.</param>
    /// <param name="shellRule">hd1200's second rule, which accepts real data, scored beside the paper's; null elsewhere.</param>
    public GaussianMixture(string name, float[,] means, double std, int noiseDims, IModeQualityRule rule, IModeQualityRule? shellRule = null)
    {
        Name = name;
        Means = tensor(means);
        Std = std;
        Dim = means.GetLength(1);
        NoiseDims = noiseDims;
        Rule = rule;
        ShellRule = shellRule;
    }

    public string Name { get; }

    /// <summary>[modes, dim]</summary>
    public Tensor Means { get; private set; }

    /// <summary>Moves the means to <paramref name="device"/> (before any sampling: samples are drawn where they are).</summary>
    public GaussianMixture MoveTo(Device device)
    {
        if (device.type == DeviceType.CPU) return this;
        using var onCpu = Means;
        Means = onCpu.to(device).DetachFromDisposeScope();
        return this;
    }

    public int Modes => (int)Means.shape[0];
    public int Dim { get; }
    public double Std { get; }
    public int NoiseDims { get; }
    public ImageShape? Image => null;
    public IModeQualityRule Rule { get; }
    public IModeQualityRule? ShellRule { get; }

    /// <summary>Draws n samples; every draw comes from <paramref name="generator"/>.</summary>
    public Tensor Sample(long n, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var modes = randint(0, Modes, [n], generator: generator, device: generator.device);
        var noise = randn([n, NoiseDims], generator: generator, device: generator.device).mul_(s[Std]);
        if (NoiseDims < Dim)
            noise = nn.functional.pad(noise, [0, Dim - NoiseDims]);
        return Rows.Pick(Means, modes).add_(noise, Held.One).MoveToOuterDisposeScope();
    }

    public void Dispose() => Means.Dispose();
}

using static TorchSharp.torch;

namespace Sweep.Training.Data;

/// <summary>
/// A dataset a trial trains on. Samples are always rows of <see cref="Dim"/> numbers — images too,
/// flattened channel-major — so methods, covering init and noise estimation never need to know the
/// difference; only the networks (<see cref="Image"/>) and the scoring do.
/// </summary>
public interface IDataset : IDisposable
{
    string Name { get; }

    /// <summary>Width of one sample row.</summary>
    int Dim { get; }

    /// <summary>The image each row holds; null for vector data.</summary>
    ImageShape? Image { get; }

    /// <summary>n training samples [n, Dim]; every draw comes from <paramref name="generator"/>.</summary>
    Tensor Sample(long n, Generator generator);
}

/// <summary>Channels × height × width of an image dataset's samples.</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    public int Pixels => Channels * Height * Width;
}

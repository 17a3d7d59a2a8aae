using static TorchSharp.torch;

namespace Sweep.Training.Data;

/// <summary>
/// Real training batches: fresh samples every batch, or batches drawn (with replacement) from a
/// fixed set built once from its own seed stream. Batch draws use the caller's training generator.
/// </summary>
public sealed class RealData : IDisposable
{
    private readonly GaussianMixture _mixture;
    private readonly Tensor? _fixedSet;

    private RealData(GaussianMixture mixture, Tensor? fixedSet)
    {
        _mixture = mixture;
        _fixedSet = fixedSet;
    }

    public static RealData Fresh(GaussianMixture mixture) => new(mixture, null);

    public static RealData Fixed(GaussianMixture mixture, int size, Generator setGenerator) =>
        new(mixture, mixture.Sample(size, setGenerator));

    public int Dim => _mixture.Dim;

    public Tensor Next(long n, Generator generator)
    {
        if (_fixedSet is null) return _mixture.Sample(n, generator);
        using var indices = randint(0, _fixedSet.shape[0], [n], generator: generator);
        return _fixedSet.index_select(0, indices);
    }

    public void Dispose() => _fixedSet?.Dispose();
}

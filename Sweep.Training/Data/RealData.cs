using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Data;

/// <summary>
/// Real training batches: fresh samples every batch, or batches drawn (with replacement) from a
/// fixed set built once from its own seed stream. Batch draws use the caller's training generator.
/// Image datasets are finite already and always draw fresh from their real images.
/// </summary>
public sealed class RealData : IDisposable
{
    private readonly IDataset _dataset;
    private readonly Tensor? _fixedSet;

    private RealData(IDataset dataset, Tensor? fixedSet)
    {
        _dataset = dataset;
        _fixedSet = fixedSet;
    }

    public static RealData Fresh(IDataset dataset) => new(dataset, null);

    public static RealData Fixed(IDataset dataset, int size, Generator setGenerator) =>
        new(dataset, dataset.Sample(size, setGenerator));

    public int Dim => _dataset.Dim;

    public Tensor Next(long n, Generator generator)
    {
        if (_fixedSet is null) return _dataset.Sample(n, generator);
        using var indices = randint(0, _fixedSet.shape[0], [n], generator: generator, device: generator.device);
        return Rows.Pick(_fixedSet, indices);
    }

    public void Dispose() => _fixedSet?.Dispose();
}

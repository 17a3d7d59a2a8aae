using Sweep.Training.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Data.Images;

/// <summary>
/// CIFAR-10 as rows of 3·32·32 values in [-1, 1]: 50 000 training and 10 000 test images from the
/// binary release in the data folder. Loaded once per process and shared by its trials.
/// </summary>
public sealed class Cifar10Images : IDataset
{
    private readonly Tensor _train;
    private readonly Tensor _test;

    private Cifar10Images(Tensor train, Tensor test)
    {
        _train = train;
        _test = test;
    }

    /// <param name="device">Where the images live: one shared copy per device, made from the CPU's.</param>
    public static Cifar10Images Load(DataLocations locations, Device? device = null)
    {
        var folder = Cifar10Files.Locate(locations.DataDir);
        var onCpu = SharedData.Get("cifar10:" + folder, () => new Cifar10Images(
            Pixels(Cifar10Files.TrainBatches.Select(b => Path.Combine(folder, b))),
            Pixels([Path.Combine(folder, Cifar10Files.TestBatch)])));
        return device is null || device.type == DeviceType.CPU ? onCpu
            : SharedData.Get($"cifar10:{folder}@{device}", () => new Cifar10Images(onCpu._train.to(device), onCpu._test.to(device)));
    }

    public string Name => "cifar10";
    public ImageShape Image { get; } = new(3, Cifar10Files.Side, Cifar10Files.Side);
    ImageShape? IDataset.Image => Image;
    public int Dim => Image.Pixels;

    public Tensor Sample(long n, Generator generator) => Draw(_train, n, generator);

    public Tensor TestImages(long n, Generator generator) => Draw(_test, n, generator);

    private static Tensor Draw(Tensor pool, long n, Generator generator)
    {
        using var picks = randint(0, pool.shape[0], [n], generator: generator, device: generator.device);
        using var bytes = Rows.Pick(pool, picks);
        return PixelScale.ToSigned(bytes);
    }

    private static Tensor Pixels(IEnumerable<string> batches)
    {
        var parts = batches.Select(Cifar10Files.Read).ToList();
        var pixels = new byte[parts.Sum(b => b.Pixels.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            Buffer.BlockCopy(part.Pixels, 0, pixels, offset, part.Pixels.Length);
            offset += part.Pixels.Length;
        }

        return tensor(pixels, [pixels.Length / Cifar10Files.PixelBytes, Cifar10Files.PixelBytes]);
    }

    /// <summary>Shared by every trial of the process: nothing to release per trial.</summary>
    public void Dispose() { }
}

using TorchSharp;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Data.Images;

/// <summary>
/// Stacked MNIST (PacGAN's construction): three digits drawn independently from MNIST train+test
/// become the three channels of one 28×28 image, so there are 1000 modes, one per digit triple
/// (red·100 + green·10 + blue). Samples are rows of 3·28·28 values in [-1, 1]. The last
/// <see cref="MnistImages.HeldOutCount"/> test digits are never trained on: IvOM's targets are
/// stacked from them, so it measures reaching unseen images.
/// </summary>
public sealed class StackedMnist : IDataset
{
    public const int Modes = 1000;

    private readonly MnistImages _mnist;

    /// <param name="mnist">The digits, on the device samples are drawn on.</param>
    public StackedMnist(MnistImages mnist) => _mnist = mnist;

    public string Name => "stacked-mnist";
    public ImageShape Image { get; } = new(3, MnistImages.Side, MnistImages.Side);
    ImageShape? IDataset.Image => Image;
    public int Dim => Image.Pixels;

    public Tensor Sample(long n, Generator generator) => ImagesOnly(SampleWithModes(n, generator));

    /// <summary>n stacked images [n, 2352] and their modes [n] (the digit triples).</summary>
    public (Tensor Images, Tensor Modes) SampleWithModes(long n, Generator generator)
    {
        using var images = _mnist.PoolImages;
        using var labels = _mnist.PoolLabels;
        return Stack(images, labels, n, generator);
    }

    /// <summary>n stacked images from the held-out test digits only (IvOM's targets).</summary>
    public Tensor TestImages(long n, Generator generator)
    {
        using var images = _mnist.HeldOutImages;
        using var labels = _mnist.HeldOutLabels;
        return ImagesOnly(Stack(images, labels, n, generator));
    }

    private static Tensor ImagesOnly((Tensor Images, Tensor Modes) sample)
    {
        sample.Modes.Dispose();
        return sample.Images;
    }

    /// <summary>Digit triples → mode index: red·100 + green·10 + blue; <paramref name="digits"/> is [n, 3].</summary>
    public static Tensor ModeOf(Tensor digits)
    {
        using var scope = NewDisposeScope();
        return digits.select(1, 0).mul(Hundred).add_(digits.select(1, 1).mul(Ten), Held.One).add_(digits.select(1, 2), Held.One)
            .MoveToOuterDisposeScope();
    }

    private static readonly Scalar Hundred = Held.Constant(100L), Ten = Held.Constant(10L);

    private static (Tensor Images, Tensor Modes) Stack(Tensor images, Tensor labels, long n, Generator generator)
    {
        using var scope = NewDisposeScope();
        var picks = randint(0, images.shape[0], [n * 3], generator: generator, device: generator.device);
        var stacked = PixelScale.ToSigned(Rows.Pick(images, picks)).view(n, -1);
        var modes = ModeOf(Rows.Pick(labels, picks).view(n, 3));
        return (stacked.MoveToOuterDisposeScope(), modes.MoveToOuterDisposeScope());
    }

    /// <summary>The digits are shared by every trial of the process: nothing to release per trial.</summary>
    public void Dispose() { }
}

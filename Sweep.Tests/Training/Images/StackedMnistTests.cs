using Sweep.Tests.Support;
using Sweep.Training.Data.Images;
using static TorchSharp.torch;

namespace Sweep.Tests.Training.Images;

/// <summary>Stacked MNIST trains on MNIST's digits but for a held-out set, from which IvOM's targets come.</summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class StackedMnistTests
{
    private const int Digits = 3_000;

    [Fact]
    public void Ivom_targets_come_from_held_out_digits_that_training_never_draws()
    {
        // Each fake digit carries its own index in its first two pixels.
        var pixels = new byte[Digits * MnistImages.Side * MnistImages.Side];
        var labels = new long[Digits];
        for (var i = 0; i < Digits; i++)
        {
            pixels[i * 784] = (byte)(i % 256);
            pixels[i * 784 + 1] = (byte)(i / 256);
            labels[i] = i % 10;
        }

        using var scope = NewDisposeScope();
        var stacked = new StackedMnist(MnistImages.From(tensor(pixels, [Digits, 28, 28]), tensor(labels)));
        using var random = new Generator(1);

        var trained = IndicesOf(stacked.Sample(2_000, random));
        var targets = IndicesOf(stacked.TestImages(500, random));

        var firstHeldOut = Digits - MnistImages.HeldOutCount;
        Assert.All(trained, i => Assert.True(i < firstHeldOut, $"training drew held-out digit {i}"));
        Assert.All(targets, i => Assert.True(i >= firstHeldOut, $"an IvOM target used training digit {i}"));
        Assert.Equal(3 * 2_000, trained.Length);
        Assert.True(trained.Distinct().Count() > 1_500 && targets.Distinct().Count() > 600, "draws spread over their pools");
    }

    /// <summary>The digit indices of every channel of every stacked row, read back from [−1, 1] pixels.</summary>
    private static int[] IndicesOf(Tensor rows)
    {
        var values = rows.data<float>().ToArray();
        int Byte(int at) => (int)Math.Round((values[at] + 1) * 127.5);
        return Enumerable.Range(0, (int)rows.shape[0] * 3).Select(channel => Byte(channel * 784) + 256 * Byte(channel * 784 + 1)).ToArray();
    }
}

using TorchSharp;
using Sweep.Training.Data;
using Sweep.Training.Methods;
using Sweep.Training.Models;
using Sweep.Training.Noise;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Tracing;

/// <summary>
/// Takes a trial's snapshot (LO17 Figure 1's ingredients): real and generated samples with the
/// decision surface for 2-D data, both projected on the real data's principal axes for hd1200, and
/// a grid of generated images for image data. Every draw comes from the given stream.
/// </summary>
public static class Snapshots
{
    public const int Points = 500;
    public const int SurfaceResolution = 64;
    public const int Images = 36;

    /// <summary>Real samples behind hd1200's principal axes.</summary>
    private const int PcaSamples = 2_000;

    public static TrialSnapshot Take(IDataset data, IGanMethod method, NoiseSampler noise, int iteration, Generator random)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var generator = method.Generator;
        using var evaluation = EvaluationMode.Of(generator);
        if (data.Image is not null)
            return SampleGrid(data, Generate(generator, noise, Images, random), iteration);
        var mixture = (GaussianMixture)data;
        return data.Dim == 2
            ? DataPlane(mixture, method, Generate(generator, noise, Points, random), iteration, random)
            : PrincipalPlane(mixture, Generate(generator, noise, Points, random), iteration, random);
    }

    private static Tensor Generate(nn.Module<Tensor, Tensor> generator, NoiseSampler noise, int n, Generator random) =>
        generator.forward(noise.GeneratorInput(noise.Latent(n, random), random));

    private static PlaneSnapshot DataPlane(GaussianMixture data, IGanMethod method, Tensor fake, int iteration, Generator random)
    {
        var real = data.Sample(Points, random);
        var surface = Surface(method, Extent(real, fake), real.device);
        return new PlaneSnapshot(iteration, "x₁", "x₂", Floats(real), Floats(fake), Floats(data.Means), surface);
    }

    /// <summary>
    /// A square around the real data, padded by a quarter of its span and widened to take in generated
    /// samples up to 2.5 times that half-width from its centre (farther outliers fall off the picture).
    /// </summary>
    private static (double CentreX, double CentreY, double Half) Extent(Tensor real, Tensor fake)
    {
        var (low, high) = (real.amin(0), real.amax(0));
        var centre = low.add(high, Held.One).div(Held.Two);
        var realHalf = (high - low).div(Held.Two).max().item<float>() * 1.25;
        var fakeReach = (fake - centre).abs().amax(0).max().item<float>() * 1.05;
        // A generator that covering init blew up (NaN, infinity) is drawn against the real data's square.
        var half = double.IsFinite(fakeReach) ? Math.Clamp(fakeReach, realHalf, realHalf * 2.5) : realHalf;
        return (centre[0].item<float>(), centre[1].item<float>(), half);
    }

    private static DecisionSurface Surface(IGanMethod method, (double CentreX, double CentreY, double Half) extent, Device device)
    {
        var (x0, x1) = (extent.CentreX - extent.Half, extent.CentreX + extent.Half);
        var (y0, y1) = (extent.CentreY - extent.Half, extent.CentreY + extent.Half);
        const int n = SurfaceResolution;
        var xs = linspace(x0 + (x1 - x0) / (2 * n), x1 - (x1 - x0) / (2 * n), n, device: device);
        var ys = linspace(y0 + (y1 - y0) / (2 * n), y1 - (y1 - y0) / (2 * n), n, device: device);
        // Row-major with rows along y: every row repeats the x's, every column the row's y.
        var grid = stack([xs.repeat(n), ys.repeat_interleave(n)], 1);
        var realness = method.Realness(grid).mul(ByteMax).round().clamp(Zero, ByteMax).to_type(ScalarType.Byte);
        return new DecisionSurface(x0, x1, y0, y1, n, realness.cpu().data<byte>().ToArray());
    }

    private static PlaneSnapshot PrincipalPlane(GaussianMixture data, Tensor fake, int iteration, Generator random)
    {
        var real = data.Sample(PcaSamples, random);
        var mean = real.mean([0]);
        var (_, _, vh) = linalg.svd(real - mean, fullMatrices: false);
        var axes = vh.narrow(0, 0, 2).t();
        Tensor Project(Tensor x) => (x - mean).matmul(axes);
        return new PlaneSnapshot(iteration, "PC1", "PC2", Floats(Project(real.narrow(0, 0, Points))), Floats(Project(fake)),
            Floats(Project(data.Means)), Surface: null);
    }

    private static SampleGridSnapshot SampleGrid(IDataset data, Tensor images, int iteration)
    {
        var shape = data.Image!;
        var bytes = images.add(Held.One, Held.One).mul_(HalfByte).round_().clamp_(Zero, ByteMax).to_type(ScalarType.Byte);
        return new SampleGridSnapshot(iteration, (int)images.shape[0], shape.Channels, shape.Height, shape.Width, bytes.cpu().data<byte>().ToArray());
    }

    private static readonly Scalar Zero = Held.Constant(0L), ByteMax = Held.Constant(255L), HalfByte = Held.Constant(127.5);

    private static float[] Floats(Tensor t) => t.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
}

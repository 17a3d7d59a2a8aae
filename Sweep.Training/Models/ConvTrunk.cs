using TorchSharp;
using Sweep.Training.Data;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sweep.Training.Models;

/// <summary>
/// The convolutional half of the image discriminators and encoders: four 5×5 stride-2 convolutions
/// (channels w, 2w, 4w, 8w) that halve the side, rounding up (28→14→7→4→2, 32→16→8→4→2), each
/// followed by leaky ReLU 0.2, with batch norm after all but the first when asked (DCGAN).
/// Takes rows and returns rows of <see cref="Features"/> values.
/// </summary>
internal sealed class ConvTrunk : Module<Tensor, Tensor>
{
    private const int Kernel = 5;
    private static readonly Scalar Slope = Held.Constant(0.2);

    private readonly ModuleList<Conv2d> convs = new();
    private readonly ModuleList<BatchNorm2d> norms = new();
    private readonly ImageShape _image;

    public ConvTrunk(ImageShape image, int width, bool batchNorm) : base("trunk")
    {
        _image = image;
        long channels = image.Channels, side = image.Height;
        foreach (var multiple in new[] { 1, 2, 4, 8 })
        {
            var output = (long)width * multiple;
            convs.Add(Conv2d(channels, output, Kernel, stride: 2, padding: Kernel / 2));
            side = (side + 1) / 2;
            MultiplyAdds += channels * output * Kernel * Kernel * side * side;
            if (batchNorm && multiple > 1) norms.Add(BatchNorm2d(output));
            channels = output;
        }

        Features = (int)(channels * side * side);
        RegisterComponents();
    }

    public int Features { get; }
    public long MultiplyAdds { get; }
    public bool HasBatchNorm => norms.Count > 0;

    public override Tensor forward(Tensor rows)
    {
        using var scope = NewDisposeScope();
        var x = rows.view(-1, _image.Channels, _image.Height, _image.Width);
        for (var i = 0; i < convs.Count; i++)
        {
            x = convs[i].forward(x);
            if (HasBatchNorm && i > 0) x = HeldBatchNorm.Forward(norms[i - 1], x);
            x = x.leaky_relu(Slope);
        }

        return x.flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>The same pass on substitute weights, found by their parameter names (batch norm uses the batch's statistics).</summary>
    public Tensor ForwardWith(Func<string, Tensor> weight, Tensor rows)
    {
        using var scope = NewDisposeScope();
        var x = rows.view(-1, _image.Channels, _image.Height, _image.Width);
        for (var i = 0; i < convs.Count; i++)
        {
            x = functional.conv2d(x, weight($"convs.{i}.weight"), weight($"convs.{i}.bias"), strides: [2, 2], padding: [Kernel / 2, Kernel / 2]);
            if (HasBatchNorm && i > 0)
                x = functional.batch_norm(x, null!, null!, weight($"norms.{i - 1}.weight"), weight($"norms.{i - 1}.bias"), training: true);
            x = x.leaky_relu(Slope);
        }

        return x.flatten(1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            convs.Dispose();
            norms.Dispose();
        }

        base.Dispose(disposing);
    }
}

using Sweep.Training.Data;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sweep.Training.Models;

/// <summary>
/// DCGAN's generator as PacGAN used it: a linear map to 2×2×8w, then transposed convolutions
/// (4w, 2w, w, channels) up to 28×28 (2→4→7→14→28) or 32×32 (2→4→8→16→32), batch norm and ReLU
/// between, tanh at the end. Returns rows (the image flattened channel-major).
/// </summary>
public sealed class DcganGenerator : Network
{
    private const int StartSide = 2;

    private readonly Linear project;
    private readonly BatchNorm2d projectNorm;
    private readonly ModuleList<ConvTranspose2d> deconvs = new();
    private readonly ModuleList<BatchNorm2d> norms = new();
    private readonly int _startChannels;

    public DcganGenerator(int inputDims, ImageShape image, int width) : base("G")
    {
        if (image.Height != image.Width || image.Height is not (28 or 32))
            throw new ArgumentException($"DCGAN generator makes 28×28 or 32×32 images, not {image.Height}×{image.Width}.", nameof(image));
        _startChannels = 8 * width;
        project = Linear(inputDims, _startChannels * StartSide * StartSide);
        projectNorm = BatchNorm2d(_startChannels);
        MultiplyAddsPerSample = (long)inputDims * _startChannels * StartSide * StartSide;

        long channels = _startChannels, side = StartSide;
        foreach (var output in new long[] { 4 * width, 2 * width, width, image.Channels })
        {
            // 4 → 7 for 28×28 needs a 3×3 kernel; every other step doubles with 4×4.
            var kernel = image.Height == 28 && side == 4 ? 3 : 4;
            deconvs.Add(ConvTranspose2d(channels, output, kernel, stride: 2, padding: 1));
            MultiplyAddsPerSample += channels * output * kernel * kernel * side * side;
            side = (side - 1) * 2 - 2 + kernel;
            if (output != image.Channels) norms.Add(BatchNorm2d(output));
            channels = output;
        }

        RegisterComponents();
    }

    public override long MultiplyAddsPerSample { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = project.forward(input).view(-1, _startChannels, StartSide, StartSide);
        x = functional.relu(HeldBatchNorm.Forward(projectNorm, x));
        for (var i = 0; i < deconvs.Count; i++)
        {
            x = deconvs[i].forward(x);
            x = i < norms.Count ? functional.relu(HeldBatchNorm.Forward(norms[i], x)) : x.tanh();
        }

        return x.flatten(1).MoveToOuterDisposeScope();
    }

    public override void ResetParameters(Generator generator) => ParameterInit.Dcgan(this, generator);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            project.Dispose();
            projectNorm.Dispose();
            deconvs.Dispose();
            norms.Dispose();
        }

        base.Dispose(disposing);
    }
}

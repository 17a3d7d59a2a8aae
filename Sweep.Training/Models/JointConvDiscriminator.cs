using TorchSharp;
using Sweep.Training.Data;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sweep.Training.Models;

/// <summary>
/// D(z, x) for images (VEEGAN, ALI): rows are [z, x]. x goes through a <see cref="ConvTrunk"/>
/// (no batch norm: pairs must be scored independently), z through a linear layer of 8w units, and
/// the two feed a hidden layer of 8w units and a logit, with leaky ReLU 0.2 throughout.
/// </summary>
public sealed class JointConvDiscriminator : Network
{
    private static readonly Scalar Slope = Held.Constant(0.2);

    private readonly ConvTrunk trunk;
    private readonly Linear embed;
    private readonly Linear hidden;
    private readonly Linear logit;
    private readonly int _latentDims;
    private readonly int _pixels;

    public JointConvDiscriminator(ImageShape image, int latentDims, int width) : base("D")
    {
        _latentDims = latentDims;
        _pixels = image.Pixels;
        trunk = new ConvTrunk(image, width, batchNorm: false);
        embed = Linear(latentDims, 8 * width);
        hidden = Linear(trunk.Features + 8 * width, 8 * width);
        logit = Linear(8 * width, 1);
        RegisterComponents();
    }

    public override long MultiplyAddsPerSample =>
        trunk.MultiplyAdds + embed.in_features * embed.out_features + hidden.in_features * hidden.out_features + hidden.out_features;

    public override Tensor forward(Tensor pairs)
    {
        using var scope = NewDisposeScope();
        var z = embed.forward(pairs.narrow(1, 0, _latentDims)).leaky_relu(Slope);
        var x = trunk.forward(pairs.narrow(1, _latentDims, _pixels));
        var joint = hidden.forward(cat([x, z], 1)).leaky_relu(Slope);
        return logit.forward(joint).MoveToOuterDisposeScope();
    }

    public override void ResetParameters(Generator generator) => ParameterInit.Dcgan(this, generator);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            trunk.Dispose();
            embed.Dispose();
            hidden.Dispose();
            logit.Dispose();
        }

        base.Dispose(disposing);
    }
}

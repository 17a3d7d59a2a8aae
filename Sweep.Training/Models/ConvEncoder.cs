using Sweep.Training.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sweep.Training.Models;

/// <summary>
/// x → z for images: VEEGAN's reconstructor F and ALI's encoder E. A <see cref="ConvTrunk"/>
/// without batch norm (its rows are paired one by one with codes, so no row may see another) and a
/// linear map to the latent width.
/// </summary>
public sealed class ConvEncoder : Network
{
    private readonly ConvTrunk trunk;
    private readonly Linear code;

    public ConvEncoder(string name, ImageShape image, int width, int latentDims) : base(name)
    {
        trunk = new ConvTrunk(image, width, batchNorm: false);
        code = Linear(trunk.Features, latentDims);
        RegisterComponents();
    }

    public override long MultiplyAddsPerSample => trunk.MultiplyAdds + trunk.Features * code.out_features;

    public override Tensor forward(Tensor rows)
    {
        using var scope = NewDisposeScope();
        return code.forward(trunk.forward(rows)).MoveToOuterDisposeScope();
    }

    public override void ResetParameters(Generator generator) => ParameterInit.Dcgan(this, generator);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            trunk.Dispose();
            code.Dispose();
        }

        base.Dispose(disposing);
    }
}

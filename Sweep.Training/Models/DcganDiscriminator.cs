using Sweep.Training.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sweep.Training.Models;

/// <summary>DCGAN's discriminator: the batch-normed <see cref="ConvTrunk"/> and a linear logit.</summary>
public sealed class DcganDiscriminator : Network
{
    private readonly ConvTrunk trunk;
    private readonly Linear logit;
    private readonly Dictionary<string, int> _parameterIndex;

    public DcganDiscriminator(ImageShape image, int width) : base("D")
    {
        trunk = new ConvTrunk(image, width, batchNorm: true);
        logit = Linear(trunk.Features, 1);
        RegisterComponents();
        _parameterIndex = named_parameters().Select((p, i) => (p.name, i)).ToDictionary(p => p.name, p => p.i);
    }

    public override long MultiplyAddsPerSample => trunk.MultiplyAdds + trunk.Features;

    public override bool CouplesRows => true;

    public override Tensor forward(Tensor rows)
    {
        using var scope = NewDisposeScope();
        return logit.forward(trunk.forward(rows)).MoveToOuterDisposeScope();
    }

    public override Tensor ForwardWith(IReadOnlyList<Tensor> weights, Tensor input)
    {
        using var scope = NewDisposeScope();
        var features = trunk.ForwardWith(name => weights[_parameterIndex["trunk." + name]], input);
        return functional.linear(features, weights[_parameterIndex["logit.weight"]], weights[_parameterIndex["logit.bias"]]).MoveToOuterDisposeScope();
    }

    public override void ResetParameters(Generator generator) => ParameterInit.Dcgan(this, generator);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            trunk.Dispose();
            logit.Dispose();
        }

        base.Dispose(disposing);
    }
}

using Sweep.Training.Models;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// ALI (Dumoulin et al.): encoder E: x → z, generator G: z → x, joint discriminator on (z, x)
/// telling (E(x), x) [label 1] from (z, G(z)) [label 0]. G and E train together on the swapped
/// labels (non-saturating). Sweep's encoder is deterministic (the paper's is stochastic).
/// </summary>
public sealed class AliMethod : IGanMethod
{
    private readonly JointAdversary _nets;
    private readonly Tensor _swappedLabels;

    public AliMethod(Hyperparameters hyper, int latentDims, int generatorInputDims, NetworkFactory networks)
    {
        _nets = new JointAdversary(hyper, "E", latentDims, generatorInputDims, networks);
        _swappedLabels = Adversarial.StackedLabels(hyper.BatchSize, 0f);
    }

    public nn.Module<Tensor, Tensor> Generator => _nets.G;
    public IReadOnlyList<nn.Module> Networks => _nets.Networks;
    public IReadOnlyList<OptimizerHelper> Optimizers => _nets.Optimizers;

    /// <summary>D labels the real pair (E(x), x) 1.</summary>
    public Tensor Realness(Tensor x) => _nets.D.forward(cat([_nets.Inverse.forward(x), x], 1)).sigmoid().view(-1);

    public IterationLosses Step(TrainingContext context)
    {
        long b = context.BatchSize;
        var dLoss = _nets.TrainDiscriminator(context, () => Pairs(context, b));
        var gLoss = _nets.TrainGenerator(() => Adversarial.Bce(_nets.D.forward(Pairs(context, b)), _swappedLabels));
        return new IterationLosses(dLoss, gLoss);
    }

    /// <summary>[(E(x), x); (z, G(z))] stacked, 2b rows.</summary>
    private Tensor Pairs(TrainingContext context, long b)
    {
        var real = context.Real(b);
        var z = context.Latent(b);
        var encoded = cat([_nets.Inverse.forward(real), real], 1);
        var generated = cat([z, _nets.G.forward(context.GeneratorInput(z))], 1);
        return cat([encoded, generated], 0);
    }

    public long MultiplyAddsPerIteration(TrainingContext context) => _nets.MultiplyAddsPerIteration(context, 2L * context.BatchSize);

    public void Dispose()
    {
        _swappedLabels.Dispose();
        _nets.Dispose();
    }
}

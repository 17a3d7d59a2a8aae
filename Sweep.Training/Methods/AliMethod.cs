using Sweep.Training.Models;
using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// ALI (Dumoulin et al.): encoder E: x → z, generator G: z → x, joint discriminator on (z, x)
/// telling (E(x), x) [label 1] from (z, G(z)) [label 0]. G and E train together on the swapped
/// labels (non-saturating, as ALI's code). E is stochastic by default: a Gaussian E(x) = μ(x) +
/// σ(x)·ε, reparameterised (ALI §2); <c>ali_encoder</c> also offers ε fed beside x (ALI's and
/// PacGAN's 2-D scripts) and the deterministic encoder. Every ε is drawn from the training stream.
/// </summary>
public sealed class AliMethod : IGanMethod
{
    private readonly JointAdversary _nets;
    private readonly Tensor _swappedLabels;
    private readonly AliEncoder _encoder;
    private readonly int _latentDims;

    public AliMethod(Hyperparameters hyper, int latentDims, int generatorInputDims, NetworkFactory networks)
    {
        _encoder = hyper.AliEncoder ?? AliEncoder.Gaussian;
        _latentDims = latentDims;
        _nets = new JointAdversary(hyper, n => _encoder switch
        {
            AliEncoder.Gaussian => n.Inverse("E", 2 * latentDims),
            AliEncoder.NoiseInput => n.Inverse("E", latentDims, noiseBeside: true),
            _ => n.Inverse("E", latentDims),
        }, latentDims, generatorInputDims, networks);
        _swappedLabels = Adversarial.StackedLabels(hyper.BatchSize, 0f, networks.Device);
    }

    public nn.Module<Tensor, Tensor> Generator => _nets.G;
    public IReadOnlyList<nn.Module> Networks => _nets.Networks;
    public IReadOnlyList<OptimizerHelper> Optimizers => _nets.Optimizers;

    /// <summary>D labels the real pair (E(x), x) 1; the picture pairs x with E's mean code (ε = 0).</summary>
    public Tensor Realness(Tensor x) => _nets.D.forward(cat([MeanCode(x), x], 1)).sigmoid().view(-1);

    public IterationLosses Step(TrainingContext context)
    {
        long b = context.BatchSize;
        var dLoss = _nets.TrainDiscriminator(context, () => Pairs(context, b));
        var gLoss = _nets.TrainGenerator(() => Adversarial.Bce(_nets.D.forward(Pairs(context, b)), _swappedLabels));
        return new IterationLosses(dLoss, gLoss);
    }

    /// <summary>E(x): a draw of z given x, its noise from <paramref name="random"/>.</summary>
    internal Tensor Encode(Tensor x, Generator random)
    {
        using var scope = NewDisposeScope();
        var code = _encoder switch
        {
            AliEncoder.Gaussian => Reparameterised(x, random),
            AliEncoder.NoiseInput => _nets.Inverse.forward(cat([x, randn(x.shape, generator: random, device: random.device)], 1)),
            _ => _nets.Inverse.forward(x),
        };
        return code.MoveToOuterDisposeScope();
    }

    /// <summary>The Gaussian encoder's mean μ(x) and standard deviation σ(x), each [n, |z|].</summary>
    internal (Tensor Mean, Tensor Std) Moments(Tensor x)
    {
        using var scope = NewDisposeScope();
        var parameters = _nets.Inverse.forward(x);
        var mean = parameters.narrow(1, 0, _latentDims);
        var std = parameters.narrow(1, _latentDims, _latentDims).exp();
        return (mean.MoveToOuterDisposeScope(), std.MoveToOuterDisposeScope());
    }

    private Tensor Reparameterised(Tensor x, Generator random)
    {
        var (mean, std) = Moments(x);
        return mean.add(std.mul(randn(mean.shape, generator: random, device: random.device)), Held.One);
    }

    private Tensor MeanCode(Tensor x)
    {
        using var scope = NewDisposeScope();
        var code = _encoder switch
        {
            AliEncoder.Gaussian => Moments(x).Mean,
            AliEncoder.NoiseInput => _nets.Inverse.forward(cat([x, zeros_like(x)], 1)),
            _ => _nets.Inverse.forward(x),
        };
        return code.MoveToOuterDisposeScope();
    }

    /// <summary>[(E(x), x); (z, G(z))] stacked, 2b rows.</summary>
    private Tensor Pairs(TrainingContext context, long b)
    {
        var real = context.Real(b);
        var z = context.Latent(b);
        var encoded = cat([Encode(real, context.Generator), real], 1);
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

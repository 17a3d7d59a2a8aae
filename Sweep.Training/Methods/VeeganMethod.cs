using Sweep.Training.Models;
using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// VEEGAN: generator G: z → x, reconstructor F: x → z, joint discriminator D(z, x) labelling
/// (z, G(z)) as 1 and (F(x)+ε, x) as 0, ε ~ N(0, I). G and F minimise
/// mean D_logit(z, G(z)) + ½‖z − F(G(z))‖²; F gets no adversarial term. As in VEEGAN's notebook,
/// which runs both updates on one batch, the G/F update reuses the noise of the discriminator's
/// (last) update this iteration; <c>veegan_batch=fresh</c> draws new noise for it instead.
/// </summary>
public sealed class VeeganMethod(Hyperparameters hyper, int latentDims, int generatorInputDims, NetworkFactory networks)
    : IGanMethod
{
    private static readonly Scalar HalfWeight = Held.Constant(0.5);

    private readonly JointAdversary _nets = new(hyper, n => n.Inverse("F", latentDims), latentDims, generatorInputDims, networks);

    public nn.Module<Tensor, Tensor> Generator => _nets.G;
    public IReadOnlyList<nn.Module> Networks => _nets.Networks;
    public IReadOnlyList<OptimizerHelper> Optimizers => _nets.Optimizers;

    /// <summary>D labels the real pair (F(x)+ε, x) 0, so realness is 1 − σ(D(F(x), x)); the picture leaves ε out.</summary>
    public Tensor Realness(Tensor x) => _nets.D.forward(cat([_nets.Inverse.forward(x), x], 1)).neg().sigmoid().view(-1);

    public IterationLosses Step(TrainingContext context)
    {
        using var scope = NewDisposeScope();
        long b = context.BatchSize;
        Tensor latent = null!, input = null!;
        var dLoss = _nets.TrainDiscriminator(context, () =>
        {
            var z = context.Latent(b);
            var real = context.Real(b);
            var generatorInput = context.GeneratorInput(z);
            var generated = cat([z, _nets.G.forward(generatorInput)], 1);
            var noisyCode = _nets.Inverse.forward(real).add_(randn([b, z.shape[1]], generator: context.Generator, device: context.Generator.device), Held.One);
            // Out of the D step's dispose scope into this one: the G/F update may reuse them.
            (latent, input) = (z.MoveToOuterDisposeScope(), generatorInput.MoveToOuterDisposeScope());
            return cat([generated, cat([noisyCode, real], 1)], 0);
        });

        var shared = hyper.VeeganBatch != GeneratorBatch.Fresh;
        var gLoss = _nets.TrainGenerator(() =>
        {
            var z = shared ? latent : context.Latent(b);
            var x = _nets.G.forward(shared ? input : context.GeneratorInput(z));
            var adversarial = _nets.D.forward(cat([z, x], 1)).mean();
            var reconstruction = (z - _nets.Inverse.forward(x)).pow(Held.Two).sum(1).mean().mul(HalfWeight);
            return adversarial.add(reconstruction, Held.One);
        });

        return new IterationLosses(dLoss, gLoss);
    }

    public long MultiplyAddsPerIteration(TrainingContext context) => _nets.MultiplyAddsPerIteration(context, context.BatchSize);

    public void Dispose() => _nets.Dispose();
}

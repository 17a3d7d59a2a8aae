using Sweep.Training.Models;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// Unrolled GAN (Metz et al.): the discriminator trains as in <see cref="GanMethod"/>; the generator's
/// loss is taken through a copy of the discriminator advanced k Adam steps on the same batch.
/// Order 2 backpropagates through those updates (create_graph), order 1 treats them as constants.
/// </summary>
public sealed class UnrolledGanMethod : IGanMethod
{
    private readonly GanMethod _gan;
    private readonly Hyperparameters _hyper;

    public UnrolledGanMethod(Hyperparameters hyper, int generatorInputDims, NetworkFactory networks)
    {
        _hyper = hyper;
        _gan = new GanMethod(hyper, generatorInputDims, networks);
    }

    public nn.Module<Tensor, Tensor> Generator => _gan.Generator;
    public IReadOnlyList<nn.Module> Networks => _gan.Networks;
    public IReadOnlyList<OptimizerHelper> Optimizers => _gan.Optimizers;

    public Tensor Realness(Tensor x) => _gan.Realness(x);

    public IterationLosses Step(TrainingContext context)
    {
        var dLoss = _gan.TrainDiscriminator(context);
        using var scope = NewDisposeScope();
        var real = context.Real(context.BatchSize);
        var input = context.GeneratorInput(context.Latent(context.BatchSize));
        _gan.GeneratorOptimizer.zero_grad();
        var loss = GeneratorLoss(real, input);
        loss.backward();
        _gan.GeneratorOptimizer.Step();
        return new IterationLosses(dLoss, loss.item<float>());
    }

    /// <summary>The generator's loss against the discriminator advanced <c>unroll_steps</c> steps.</summary>
    internal Tensor GeneratorLoss(Tensor real, Tensor generatorInput)
    {
        using var scope = NewDisposeScope();
        var d = _gan.D;
        var fake = _gan.G.forward(generatorInput);
        // Leaf copies: the unrolled graph must not leave gradients on the live discriminator.
        var weights = d.parameters().Select(p => p.detach().requires_grad_(true)).ToArray();
        using var adam = new DifferentiableAdam(_gan.DiscriminatorOptimizer, weights, _hyper.LrD, _hyper.Beta1, _hyper.Beta2);
        var secondOrder = _hyper.UnrollOrder == 2;
        IList<Tensor> unrolled = weights;
        for (var i = 0; i < _hyper.UnrollSteps; i++)
        {
            var current = unrolled.ToArray();
            var scores = Adversarial.ScoreRealThenFake(x => d.ForwardWith(current, x), d.CouplesRows, real, fake);
            var dLoss = Adversarial.Bce(scores, _gan.DiscriminatorLabels);
            // TorchSharp: create_graph does not imply retain_graph, and a missing retain_graph kills the process.
            var gradients = autograd.grad([dLoss], unrolled, retain_graph: true, create_graph: secondOrder);
            if (!secondOrder) gradients = gradients.Select(g => g.detach()).ToList();
            unrolled = adam.Step(unrolled.ToArray(), gradients.ToArray());
        }

        var loss = Adversarial.Bce(d.ForwardWith(unrolled.ToArray(), fake), _gan.GeneratorLabels);
        return loss.MoveToOuterDisposeScope();
    }

    public long MultiplyAddsPerIteration(TrainingContext context)
    {
        long b = context.BatchSize;
        var g = _gan.G.MultiplyAddsPerSample;
        var d = _gan.D.MultiplyAddsPerSample;
        // Each unrolled step: D forward+backward over 2b, differentiated again (≈2× more) when order 2.
        var perUnroll = 2 * b * 3 * d * (_hyper.UnrollOrder == 2 ? 2 : 1);
        return _gan.MultiplyAddsPerIteration(context) + _hyper.UnrollSteps * perUnroll + b * 3 * g;
    }

    public void Dispose() => _gan.Dispose();
}

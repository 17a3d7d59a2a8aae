using Sweep.Training.Models;
using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// Unrolled GAN (Metz et al.): the discriminator trains as in <see cref="GanMethod"/>; the generator
/// minimises the saddle objective f(θ_G, θ_D^K(θ_G)) = E_x log D_K(x) + E_z log(1 − D_K(G(z))) through
/// a copy of the discriminator advanced K Adam steps on the same batch. The real-data term reaches
/// θ_G only through those steps, so order 2 (backpropagating through them, create_graph) is what gives
/// it a gradient; order 1 treats the steps as constants. <c>unrolled_g_loss=non-saturating</c> swaps
/// the objective for −E_z log D_K(G(z)).
/// </summary>
public sealed class UnrolledGanMethod : IGanMethod
{
    private readonly GanMethod _gan;
    private readonly Hyperparameters _hyper;
    private readonly Tensor _fakeLabels;

    public UnrolledGanMethod(Hyperparameters hyper, int generatorInputDims, NetworkFactory networks)
    {
        _hyper = hyper;
        _gan = new GanMethod(hyper, generatorInputDims, networks);
        _fakeLabels = zeros(hyper.BatchSize, 1, device: networks.Device);
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
        _gan.GeneratorOptimizer.ZeroGrad();
        var loss = GeneratorLoss(real, input);
        loss.backward();
        _gan.GeneratorOptimizer.Step();
        return new IterationLosses(dLoss, LossValue.Of(loss));
    }

    /// <summary>The generator's loss against the discriminator advanced <c>unroll_steps</c> steps on (real, G(input)).</summary>
    internal Tensor GeneratorLoss(Tensor real, Tensor generatorInput)
    {
        using var scope = NewDisposeScope();
        var fake = _gan.G.forward(generatorInput);
        var unrolled = Unroll(real, fake);
        var loss = _hyper.UnrolledGLoss == UnrolledGeneratorLoss.NonSaturating
            ? Adversarial.Bce(_gan.D.ForwardWith(unrolled, fake), _gan.GeneratorLabels)
            : RealTerm(unrolled, real).add(FakeTerm(unrolled, fake), Held.One);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// θ_D^K: the discriminator's weights after <c>unroll_steps</c> Adam steps (its optimiser's live
    /// moments) on real against fake, as a function of fake (and so of θ_G) when the order is 2.
    /// </summary>
    internal IReadOnlyList<Tensor> Unroll(Tensor real, Tensor fake)
    {
        using var scope = NewDisposeScope();
        var d = _gan.D;
        // Leaf copies: the unrolled graph must not leave gradients on the live discriminator.
        var weights = d.parameters().Select(p => p.detach().requires_grad_(true)).ToArray();
        using var adam = new DifferentiableAdam(_gan.DiscriminatorOptimizer.Optimizer, weights, _hyper.LrD, _hyper.Beta1, _hyper.Beta2);
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

        foreach (var w in unrolled) w.MoveToOuterDisposeScope();
        return unrolled.ToArray();
    }

    /// <summary>E_x log D(x) under <paramref name="weights"/>: the saddle objective's real-data term.</summary>
    internal Tensor RealTerm(IReadOnlyList<Tensor> weights, Tensor real) =>
        Adversarial.Bce(_gan.D.ForwardWith(weights, real), _gan.GeneratorLabels).neg();

    /// <summary>E_z log(1 − D(G(z))) under <paramref name="weights"/>: the saddle objective's fake term.</summary>
    internal Tensor FakeTerm(IReadOnlyList<Tensor> weights, Tensor fake) =>
        Adversarial.Bce(_gan.D.ForwardWith(weights, fake), _fakeLabels).neg();

    public long MultiplyAddsPerIteration(TrainingContext context)
    {
        long b = context.BatchSize;
        var g = _gan.G.MultiplyAddsPerSample;
        var d = _gan.D.MultiplyAddsPerSample;
        // Each unrolled step: D forward+backward over 2b, differentiated again (≈2× more) when order 2;
        // then D forward+backward on the batch the objective scores (2b for the saddle, b for fakes only).
        var perUnroll = 2 * b * 3 * d * (_hyper.UnrollOrder == 2 ? 2 : 1);
        var scored = _hyper.UnrolledGLoss == UnrolledGeneratorLoss.NonSaturating ? b : 2 * b;
        return _gan.MultiplyAddsPerIteration(context) + _hyper.UnrollSteps * perUnroll + b * 3 * g + scored * 3 * d;
    }

    public void Dispose()
    {
        _fakeLabels.Dispose();
        _gan.Dispose();
    }
}

using Sweep.Training.Tensors;
using Sweep.Training.Models;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// The three networks of the methods with a joint (z, x) discriminator — G: z → x, an inverse
/// network x → z (VEEGAN's reconstructor, ALI's encoder) and D on concatenated pairs — with G and
/// the inverse trained by one optimiser, and D's update loop. VEEGAN and ALI differ only in how
/// they form pairs and in the generator-side loss.
/// </summary>
internal sealed class JointAdversary : IDisposable
{
    private readonly Tensor _labels;

    /// <param name="inverse">Makes the inverse network; called after G and before D, the order their weights are drawn in.</param>
    public JointAdversary(Hyperparameters hyper, Func<NetworkFactory, Network> inverse, int latentDims, int generatorInputDims, NetworkFactory networks)
    {
        G = networks.Generator(generatorInputDims);
        Inverse = inverse(networks);
        D = networks.JointDiscriminator(latentDims);
        GeneratorOptimizer = Adversarial.Adam(G.parameters().Concat(Inverse.parameters()), hyper.LrG, hyper.Beta1, hyper.Beta2);
        DiscriminatorOptimizer = Adversarial.Adam(D.parameters(), hyper.LrD, hyper.Beta1, hyper.Beta2);
        _labels = Adversarial.StackedLabels(hyper.BatchSize, 1f, networks.Device);
    }

    public Network G { get; }
    public Network Inverse { get; }
    public Network D { get; }
    public FlatAdam GeneratorOptimizer { get; }
    public FlatAdam DiscriminatorOptimizer { get; }

    public IReadOnlyList<nn.Module> Networks => [G, Inverse, D];
    public IReadOnlyList<OptimizerHelper> Optimizers => [GeneratorOptimizer.Optimizer, DiscriminatorOptimizer.Optimizer];

    /// <summary>
    /// <c>d_steps</c> updates of D on 2b stacked pairs (first b labelled 1); returns the last loss. Each
    /// update runs in its own dispose scope, <paramref name="stackedPairs"/> inside it under no_grad.
    /// </summary>
    public double TrainDiscriminator(TrainingContext context, Func<Tensor> stackedPairs)
    {
        double loss = 0;
        for (var i = 0; i < context.DSteps; i++)
        {
            using var scope = NewDisposeScope();
            Tensor pairs;
            using (no_grad()) pairs = stackedPairs();
            DiscriminatorOptimizer.ZeroGrad();
            var bce = Adversarial.Bce(D.forward(pairs), _labels);
            bce.backward();
            DiscriminatorOptimizer.Step();
            loss = LossValue.Of(bce);
        }

        return loss;
    }

    /// <summary>One update of G and the inverse network on <paramref name="loss"/>, with D frozen.</summary>
    public double TrainGenerator(Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        GeneratorOptimizer.ZeroGrad();
        Tensor value;
        using (FrozenParameters.Of(D))
        {
            value = loss();
            value.backward();
        }

        GeneratorOptimizer.Step();
        return LossValue.Of(value);
    }

    /// <param name="generatorSidePairs">Pairs D scores in the generator update (VEEGAN b, ALI 2b).</param>
    public long MultiplyAddsPerIteration(TrainingContext context, long generatorSidePairs)
    {
        long b = context.BatchSize;
        long g = G.MultiplyAddsPerSample, inverse = Inverse.MultiplyAddsPerSample, d = D.MultiplyAddsPerSample;
        return context.DSteps * (b * (g + inverse) + 2 * b * 3 * d) + b * 3 * (g + inverse) + generatorSidePairs * 3 * d;
    }

    public void Dispose()
    {
        _labels.Dispose();
        GeneratorOptimizer.Dispose();
        DiscriminatorOptimizer.Dispose();
        G.Dispose();
        Inverse.Dispose();
        D.Dispose();
    }
}

using Sweep.Training.Models;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// ALI (Dumoulin et al.): encoder E: x → z, generator G: z → x, joint discriminator D(x, z)
/// telling (x, E(x)) [label 1] from (G(z), z) [label 0]. G and E train together on the swapped
/// labels (non-saturating). Sweep's encoder is deterministic (the paper's is stochastic).
/// </summary>
public sealed class AliMethod : IGanMethod
{
    private readonly Mlp _g;
    private readonly Mlp _e;
    private readonly Mlp _d;
    private readonly Adam _optGE;
    private readonly Adam _optD;
    private readonly Tensor _dLabels;
    private readonly Tensor _swappedLabels;

    public AliMethod(Hyperparameters hyper, int latentDims, int generatorInputDims, int dataDims, Generator initGenerator)
    {
        _g = new Mlp("G", generatorInputDims, hyper.GLayers, hyper.GWidth, dataDims);
        _e = new Mlp("E", dataDims, hyper.FLayers, hyper.FWidth, latentDims);
        _d = new Mlp("D", dataDims + latentDims, hyper.DLayers, hyper.DWidth, 1);
        ParameterInit.ResetLinearLayers(_g.Layers.Concat(_e.Layers).Concat(_d.Layers), initGenerator);
        _optGE = Adversarial.Adam(_g.parameters().Concat(_e.parameters()), hyper.LrG, hyper.Beta1, hyper.Beta2);
        _optD = Adversarial.Adam(_d.parameters(), hyper.LrD, hyper.Beta1, hyper.Beta2);
        _dLabels = Adversarial.StackedLabels(hyper.BatchSize, 1f);
        _swappedLabels = Adversarial.StackedLabels(hyper.BatchSize, 0f);
    }

    public nn.Module<Tensor, Tensor> Generator => _g;
    public nn.Module<Tensor, Tensor>? SampleDiscriminator => null;
    public IReadOnlyList<nn.Module> Networks => [_g, _e, _d];
    public IReadOnlyList<OptimizerHelper> Optimizers => [_optGE, _optD];

    public IterationLosses Step(TrainingContext context)
    {
        double dLoss = 0;
        long b = context.BatchSize;
        for (var i = 0; i < context.DSteps; i++)
        {
            using var scope = NewDisposeScope();
            Tensor pairs;
            using (no_grad()) pairs = Pairs(context, b);
            _optD.zero_grad();
            var loss = Adversarial.Bce(_d.forward(pairs), _dLabels);
            loss.backward();
            _optD.step();
            dLoss = loss.item<float>();
        }

        using var gScope = NewDisposeScope();
        _optGE.zero_grad();
        Tensor gLoss;
        using (Adversarial.Frozen(_d))
        {
            gLoss = Adversarial.Bce(_d.forward(Pairs(context, b)), _swappedLabels);
            gLoss.backward();
        }

        _optGE.step();
        return new IterationLosses(dLoss, gLoss.item<float>());
    }

    /// <summary>[(x, E(x)); (G(z), z)] stacked, 2b rows.</summary>
    private Tensor Pairs(TrainingContext context, long b)
    {
        var real = context.Real(b);
        var z = context.Latent(b);
        var encoded = cat([real, _e.forward(real)], 1);
        var generated = cat([_g.forward(context.GeneratorInput(z)), z], 1);
        return cat([encoded, generated], 0);
    }

    public long MultiplyAddsPerIteration(TrainingContext context)
    {
        long b = context.BatchSize;
        long g = _g.MultiplyAddsPerSample, e = _e.MultiplyAddsPerSample, d = _d.MultiplyAddsPerSample;
        return context.DSteps * (b * (g + e) + 2 * b * 3 * d) + b * 3 * (g + e) + 2 * b * 3 * d;
    }

    public void Dispose()
    {
        _dLabels.Dispose();
        _swappedLabels.Dispose();
        _optGE.Dispose();
        _optD.Dispose();
        _g.Dispose();
        _e.Dispose();
        _d.Dispose();
    }
}

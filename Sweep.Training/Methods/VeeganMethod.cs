using Sweep.Training.Models;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// VEEGAN: generator G: z → x, reconstructor F: x → z, joint discriminator D(z, x) labelling
/// (z, G(z)) as 1 and (F(x)+ε, x) as 0, ε ~ N(0, I). G and F minimise
/// mean D_logit(z, G(z)) + ½‖z − F(G(z))‖²; F gets no adversarial term.
/// </summary>
public sealed class VeeganMethod : IGanMethod
{
    private readonly Mlp _g;
    private readonly Mlp _f;
    private readonly Mlp _d;
    private readonly Adam _optGF;
    private readonly Adam _optD;
    private readonly Tensor _dLabels;

    public VeeganMethod(Hyperparameters hyper, int latentDims, int generatorInputDims, int dataDims, Generator initGenerator)
    {
        _g = new Mlp("G", generatorInputDims, hyper.GLayers, hyper.GWidth, dataDims);
        _f = new Mlp("F", dataDims, hyper.FLayers, hyper.FWidth, latentDims);
        _d = new Mlp("D", latentDims + dataDims, hyper.DLayers, hyper.DWidth, 1);
        ParameterInit.ResetLinearLayers(_g.Layers.Concat(_f.Layers).Concat(_d.Layers), initGenerator);
        _optGF = Adversarial.Adam(_g.parameters().Concat(_f.parameters()), hyper.LrG, hyper.Beta1, hyper.Beta2);
        _optD = Adversarial.Adam(_d.parameters(), hyper.LrD, hyper.Beta1, hyper.Beta2);
        _dLabels = Adversarial.StackedLabels(hyper.BatchSize, 1f);
    }

    public nn.Module<Tensor, Tensor> Generator => _g;
    public nn.Module<Tensor, Tensor>? SampleDiscriminator => null;
    public IReadOnlyList<nn.Module> Networks => [_g, _f, _d];
    public IReadOnlyList<OptimizerHelper> Optimizers => [_optGF, _optD];

    public IterationLosses Step(TrainingContext context)
    {
        double dLoss = 0;
        long b = context.BatchSize;
        for (var i = 0; i < context.DSteps; i++)
        {
            using var scope = NewDisposeScope();
            var z = context.Latent(b);
            var real = context.Real(b);
            Tensor fakePairs, realPairs;
            using (no_grad())
            {
                fakePairs = cat([z, _g.forward(context.GeneratorInput(z))], 1);
                var noisyCode = _f.forward(real).add_(randn([b, z.shape[1]], generator: context.Generator));
                realPairs = cat([noisyCode, real], 1);
            }

            _optD.zero_grad();
            var loss = Adversarial.Bce(_d.forward(cat([fakePairs, realPairs], 0)), _dLabels);
            loss.backward();
            _optD.step();
            dLoss = loss.item<float>();
        }

        using var gScope = NewDisposeScope();
        _optGF.zero_grad();
        Tensor total;
        using (Adversarial.Frozen(_d))
        {
            var z = context.Latent(b);
            var x = _g.forward(context.GeneratorInput(z));
            var adversarial = _d.forward(cat([z, x], 1)).mean();
            var reconstruction = (z - _f.forward(x)).square().sum(1).mean() * 0.5;
            total = adversarial + reconstruction;
            total.backward();
        }

        _optGF.step();
        return new IterationLosses(dLoss, total.item<float>());
    }

    public long MultiplyAddsPerIteration(TrainingContext context)
    {
        long b = context.BatchSize;
        long g = _g.MultiplyAddsPerSample, f = _f.MultiplyAddsPerSample, d = _d.MultiplyAddsPerSample;
        return context.DSteps * (b * (g + f) + 2 * b * 3 * d) + b * 3 * (g + f + d);
    }

    public void Dispose()
    {
        _dLabels.Dispose();
        _optGF.Dispose();
        _optD.Dispose();
        _g.Dispose();
        _f.Dispose();
        _d.Dispose();
    }
}

using Sweep.Training.Tensors;
using Sweep.Training.Models;
using Sweep.Training.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// Non-saturating GAN with BCE on logits. All fakes for the k discriminator updates come from one
/// generator pass, and each update scores real and fake in one discriminator pass (fewer, larger
/// ops) unless batch norm couples the rows, as DCGAN's does: then real and fake go separately.
/// </summary>
public sealed class GanMethod : IGanMethod
{
    private readonly Network _g;
    private readonly Network _d;
    private readonly FlatAdam _optG;
    private readonly FlatAdam _optD;
    private readonly Tensor _dLabels;
    private readonly Tensor _gLabels;

    public GanMethod(Hyperparameters hyper, int generatorInputDims, NetworkFactory networks)
    {
        _g = networks.Generator(generatorInputDims);
        _d = networks.Discriminator();
        _optG = Adversarial.Adam(_g.parameters(), hyper.LrG, hyper.Beta1, hyper.Beta2);
        _optD = Adversarial.Adam(_d.parameters(), hyper.LrD, hyper.Beta1, hyper.Beta2);
        _dLabels = Adversarial.StackedLabels(hyper.BatchSize, 1f, networks.Device);
        _gLabels = ones(hyper.BatchSize, 1, device: networks.Device);
    }

    internal Network G => _g;
    internal Network D => _d;
    internal FlatAdam GeneratorOptimizer => _optG;
    internal FlatAdam DiscriminatorOptimizer => _optD;

    /// <summary>[2b, 1]: real rows 1, fake rows 0.</summary>
    internal Tensor DiscriminatorLabels => _dLabels;

    /// <summary>[b, 1] ones: the non-saturating generator target.</summary>
    internal Tensor GeneratorLabels => _gLabels;

    public nn.Module<Tensor, Tensor> Generator => _g;
    public IReadOnlyList<nn.Module> Networks => [_g, _d];
    public IReadOnlyList<OptimizerHelper> Optimizers => [_optG.Optimizer, _optD.Optimizer];

    public Tensor Realness(Tensor x) => _d.forward(x).sigmoid().view(-1);

    public IterationLosses Step(TrainingContext context)
    {
        var dLoss = TrainDiscriminator(context);
        using var scope = NewDisposeScope();
        _optG.ZeroGrad();
        Tensor loss;
        using (FrozenParameters.Of(_d))
        {
            var fake = _g.forward(context.GeneratorInput(context.Latent(context.BatchSize)));
            loss = Adversarial.Bce(_d.forward(fake), _gLabels);
            loss.backward();
        }

        _optG.Step();
        return new IterationLosses(dLoss, LossValue.Of(loss));
    }

    /// <summary>k discriminator updates; returns the last one's loss.</summary>
    internal double TrainDiscriminator(TrainingContext context)
    {
        using var scope = NewDisposeScope();
        long b = context.BatchSize, k = context.DSteps;
        var real = context.Real(k * b);
        Tensor fake;
        using (no_grad()) fake = _g.forward(context.GeneratorInput(context.Latent(k * b)));

        Tensor loss = null!;
        for (var i = 0L; i < k; i++)
        {
            _optD.ZeroGrad();
            var scores = Adversarial.ScoreRealThenFake(_d.forward, _d.CouplesRows, real.narrow(0, i * b, b), fake.narrow(0, i * b, b));
            loss = Adversarial.Bce(scores, _dLabels);
            loss.backward();
            _optD.Step();
        }

        return LossValue.Of(loss);
    }

    public long MultiplyAddsPerIteration(TrainingContext context)
    {
        long b = context.BatchSize, k = context.DSteps;
        // D updates: G forward for k·b fakes; D forward+backward (≈3×) over 2b, k times.
        var dPhase = k * b * _g.MultiplyAddsPerSample + k * 2 * b * 3 * _d.MultiplyAddsPerSample;
        // G update: G and D forward+backward over b.
        var gPhase = b * 3 * (_g.MultiplyAddsPerSample + _d.MultiplyAddsPerSample);
        return dPhase + gPhase;
    }

    public void Dispose()
    {
        _dLabels.Dispose();
        _gLabels.Dispose();
        _optG.Dispose();
        _optD.Dispose();
        _g.Dispose();
        _d.Dispose();
    }
}

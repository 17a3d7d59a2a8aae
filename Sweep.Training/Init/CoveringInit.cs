using Sweep.Training.Data;
using Sweep.Training.Noise;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Init;

/// <summary>
/// LO17's covering initialisation: before the game starts, train the generator alone so that a
/// large batch of its samples has the data's mean and covariance, i.e. minimise
/// ‖mean_f − mean_r‖² + w·‖Cov_f − Cov_r‖²_F with Adam (steps, batch, lr and w are knobs).
/// The data's moments come from one large real batch (4 covering batches).
/// </summary>
public static class CoveringInit
{
    public sealed record Outcome(double InitialLoss, double FinalLoss);

    public static Outcome Run(nn.Module<Tensor, Tensor> generator, GaussianMixture data, NoiseSampler noise,
        Hyperparameters hyper, Generator random, CancellationToken cancellation)
    {
        if (hyper.CoveringSteps == 0) return new Outcome(double.NaN, double.NaN);

        using var outer = NewDisposeScope();
        Tensor realMean, realCov;
        using (no_grad())
        {
            var real = data.Sample(4L * hyper.CoveringBatch, random);
            (realMean, realCov) = Moments(real);
        }

        using var optimizer = optim.Adam(generator.parameters(), hyper.CoveringLr);
        double first = double.NaN, last = double.NaN;
        for (var step = 0; step < hyper.CoveringSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var fake = generator.forward(noise.GeneratorInput(noise.Latent(hyper.CoveringBatch, random), random));
            var loss = Loss(fake, realMean, realCov, hyper.CoveringCovWeight);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }

        return new Outcome(first, last);
    }

    public static Tensor Loss(Tensor fake, Tensor realMean, Tensor realCov, double covWeight)
    {
        var (mean, cov) = Moments(fake);
        return (mean - realMean).square().sum() + (cov - realCov).square().sum() * covWeight;
    }

    /// <summary>Mean [d] and unbiased covariance [d, d] of the rows of <paramref name="x"/>.</summary>
    public static (Tensor Mean, Tensor Cov) Moments(Tensor x)
    {
        var mean = x.mean([0]);
        var centred = x - mean;
        var cov = centred.t().matmul(centred) / (x.shape[0] - 1);
        return (mean, cov);
    }
}

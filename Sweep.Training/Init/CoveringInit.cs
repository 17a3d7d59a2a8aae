using Sweep.Training.Data;
using Sweep.Training.Models;
using Sweep.Training.Noise;
using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Init;

/// <summary>
/// LO17's covering initialisation: before the game starts, train the generator alone so that a
/// large batch of its samples has the data's mean and covariance, i.e. minimise
/// ‖mean_f − mean_r‖² + w·‖Cov_f − Cov_r‖²_F with Adam (steps, batch, lr and w are knobs).
/// The data's moments come from one large real batch (4 covering batches).
/// </summary>
/// <remarks>
/// For wide data (images: d = 2352) the d×d covariances are never formed: with centred rows
/// F (n×d) and R (m×d), ‖FᵀF/(n−1) − RᵀR/(m−1)‖²_F = ‖FFᵀ‖²/(n−1)² − 2‖FRᵀ‖²/((n−1)(m−1)) + ‖RRᵀ‖²/(m−1)²,
/// which needs n×n and n×m products instead. Narrow data (2-D points) uses the covariances directly,
/// which is then the cheaper of the two.
/// </remarks>
public static class CoveringInit
{
    public sealed record Outcome(double InitialLoss, double FinalLoss);

    public static Outcome Run(nn.Module<Tensor, Tensor> generator, IDataset data, NoiseSampler noise,
        Hyperparameters hyper, Generator random, CancellationToken cancellation)
    {
        if (hyper.CoveringSteps == 0) return new Outcome(double.NaN, double.NaN);

        using var outer = NewDisposeScope();
        RealMoments real;
        using (no_grad()) real = RealMoments.Of(data.Sample(4L * hyper.CoveringBatch, random), hyper.CoveringBatch);

        using var optimizer = optim.Adam(generator.parameters(), hyper.CoveringLr);
        double first = double.NaN, last = double.NaN;
        for (var step = 0; step < hyper.CoveringSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var fake = generator.forward(noise.GeneratorInput(noise.Latent(hyper.CoveringBatch, random), random));
            var loss = Loss(fake, real, hyper.CoveringCovWeight);
            loss.backward();
            optimizer.Step();
            last = LossValue.Of(loss);
            if (step == 0) first = last;
        }

        return new Outcome(first, last);
    }

    /// <summary>
    /// The real batch's mean and either its covariance (narrow data) or its centred rows and
    /// ‖Cov_r‖²_F (wide data), computed once.
    /// </summary>
    public sealed record RealMoments(Tensor Mean, Tensor? Cov, Tensor Centred, double CovNormSquared)
    {
        /// <param name="fakeRows">Rows of each fake batch: the d×d form is used while d² ≤ fakeRows · real rows.</param>
        public static RealMoments Of(Tensor real, long fakeRows)
        {
            using var s = new HeldScalars();
            var mean = real.mean([0]);
            var centred = real - mean;
            var m = real.shape[0] - 1.0;
            var wide = real.shape[1] * real.shape[1] > fakeRows * real.shape[0];
            if (!wide) return new RealMoments(mean, centred.t().matmul(centred).div(s[m]), centred, double.NaN);
            using var gram = centred.matmul(centred.t());
            return new RealMoments(mean, null, centred, LossValue.Of(gram.pow(Held.Two).sum()) / (m * m));
        }
    }

    public static Tensor Loss(Tensor fake, RealMoments real, double covWeight)
    {
        using var s = new HeldScalars();
        var (mean, covDistance) = real.Cov is { } realCov ? DirectCovDistance(fake, realCov) : GramCovDistance(fake, real);
        return (mean - real.Mean).pow(Held.Two).sum().add(covDistance.mul(s[covWeight]), Held.One);
    }

    private static (Tensor Mean, Tensor Distance) DirectCovDistance(Tensor fake, Tensor realCov)
    {
        var (mean, cov) = Moments(fake);
        return (mean, (cov - realCov).pow(Held.Two).sum());
    }

    private static (Tensor Mean, Tensor Distance) GramCovDistance(Tensor fake, RealMoments real)
    {
        using var s = new HeldScalars();
        var mean = fake.mean([0]);
        var centred = fake - mean;
        double n = fake.shape[0] - 1.0, m = real.Centred.shape[0] - 1.0;
        var fakeNorm = centred.matmul(centred.t()).pow(Held.Two).sum().div(s[n * n]);
        var cross = centred.matmul(real.Centred.t()).pow(Held.Two).sum().div(s[n * m]);
        return (mean, (fakeNorm - cross.mul(Held.Two)).add(s[real.CovNormSquared], Held.One));
    }

    /// <summary>Mean [d] and unbiased covariance [d, d] of the rows of <paramref name="x"/> (for tests and small d).</summary>
    public static (Tensor Mean, Tensor Cov) Moments(Tensor x)
    {
        var mean = x.mean([0]);
        var centred = x - mean;
        using var s = new HeldScalars();
        var cov = centred.t().matmul(centred).div(s[x.shape[0] - 1]);
        return (mean, cov);
    }
}

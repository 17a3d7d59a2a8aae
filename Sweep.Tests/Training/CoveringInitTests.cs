using Sweep.Tests.Support;
using Sweep.Training.Init;
using Sweep.Training.Running;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

[Collection(TorchTests.Name)]
public sealed class CoveringInitTests
{
    /// <summary>‖mean_f − mean_r‖ relative to the data's total std √tr(Cov_r), and ‖Cov_f − Cov_r‖_F / ‖Cov_r‖_F.</summary>
    private static (double MeanError, double CovError) MomentErrors(TrialSession session)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator(123);
        var fake = session.Method.Generator.forward(session.Noise.GeneratorInput(session.Noise.Latent(20_000, generator), generator));
        var real = session.Data.Sample(20_000, generator);
        var (fakeMean, fakeCov) = CoveringInit.Moments(fake);
        var (realMean, realCov) = CoveringInit.Moments(real);
        var scale = Math.Sqrt(realCov.trace().item<float>());
        return ((fakeMean - realMean).norm().item<float>() / scale, (fakeCov - realCov).norm().item<float>() / realCov.norm().item<float>());
    }

    [Fact]
    public void The_loss_without_covariance_matrices_equals_the_loss_with_them_for_wide_data()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(8);
        var real = randn([16, 30], generator: random).mul_(linspace(0.5, 2, 30));
        var fake = randn([8, 30], generator: random);
        var wide = CoveringInit.RealMoments.Of(real, fakeRows: 8);   // 30² > 8·16: the Gram form
        var narrow = CoveringInit.RealMoments.Of(real, fakeRows: 100);

        Assert.Null(wide.Cov);
        Assert.NotNull(narrow.Cov);
        var gram = CoveringInit.Loss(fake, wide, covWeight: 0.7).item<float>();
        var direct = CoveringInit.Loss(fake, narrow, covWeight: 0.7).item<float>();
        Assert.Equal(direct, gram, tolerance: 1e-4 * direct);
    }

    [Trait("Tier", "Full")]
    [Theory]
    [InlineData("ring", "unimodal")]
    [InlineData("grid", "multimodal")]
    public void Covering_brings_the_generators_mean_and_covariance_to_the_datas(string dataset, string noise)
    {
        using var session = new TrialSession(Specs.Trial(dataset, "gan", "covering", noise, set: [("categories", "8")]));
        var before = MomentErrors(session);

        var outcome = session.ApplyCoveringInit(CancellationToken.None);
        var after = MomentErrors(session);

        Assert.True(outcome.FinalLoss < outcome.InitialLoss / 10, $"covering loss {outcome.InitialLoss} → {outcome.FinalLoss}");
        Assert.True(after.CovError < 0.1, $"relative covariance error after covering: {after.CovError:F3} (before {before.CovError:F3})");
        Assert.True(after.MeanError < 0.1, $"relative mean error after covering: {after.MeanError:F3} (before {before.MeanError:F3})");
        Assert.True(after.CovError < before.CovError / 3);
    }

    [Fact]
    public void Covering_can_be_cancelled()
    {
        using var session = new TrialSession(Specs.Trial("ring", "gan", "covering", set: [("covering_steps", "100000")]));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => session.ApplyCoveringInit(cancelled.Token));
    }
}

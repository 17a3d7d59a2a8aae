using Sweep.Tests.Support;
using Sweep.Training.Methods;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

/// <summary>ALI's encoder is stochastic (ALI §2): E(x) = μ(x) + σ(x)·ε, and training moves both μ and σ.</summary>
[Collection(TorchTests.Name)]
public sealed class AliEncoderTests
{
    [Fact]
    public void The_default_encoder_draws_a_reparameterised_gaussian_code()
    {
        var spec = Specs.Trial("ring", "ali", set: [("batch_size", "64")]);
        Assert.Equal(AliEncoder.Gaussian, spec.Hyper.AliEncoder);
        using var session = new TrialSession(spec);
        var ali = (AliMethod)session.Method;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = session.Data.Sample(64, new Generator(3));

        var first = ali.Encode(x, new Generator(1));
        var again = ali.Encode(x, new Generator(1));
        var other = ali.Encode(x, new Generator(2));
        var (mean, std) = ali.Moments(x);

        Assert.True(first.eq(again).all().item<bool>(), "the same noise gives the same code");
        Assert.False(first.eq(other).all().item<bool>(), "other noise gives another code");
        // The code is μ + σ·ε with ε the standard normal draw of the noise stream, nothing else.
        var noise = (first - mean) / std;
        Assert.True(noise.allclose(randn(mean.shape, generator: new Generator(1)), rtol: 1e-4, atol: 1e-5), "E(x) − μ(x) is σ(x)·ε");
        using var s = new HeldScalars();
        Assert.True(std.gt(s[0.0]).all().item<bool>());
    }

    [Fact]
    public void Training_moves_the_encoders_mean_and_its_spread()
    {
        var spec = Specs.Trial("ring", "ali", set: [("batch_size", "64")]);
        using var session = new TrialSession(spec);
        var ali = (AliMethod)session.Method;
        using var x = session.Data.Sample(256, new Generator(3));
        (Tensor Mean, Tensor Std) Moments()
        {
            using var _ = no_grad();
            return ali.Moments(x);
        }

        var (mean0, std0) = Moments();
        for (var i = 0; i < 40; i++) session.Step();
        var (mean1, std1) = Moments();

        var meanMove = (mean1 - mean0).abs().max().item<float>();
        var stdMove = (std1.log() - std0.log()).abs().max().item<float>();
        Assert.True(meanMove > 1e-3, $"μ moved by at most {meanMove:E2}");
        Assert.True(stdMove > 1e-3, $"log σ moved by at most {stdMove:E2}");
    }

    [Theory]
    [InlineData("noise-input")]
    [InlineData("deterministic")]
    public void The_other_encoders_are_knobs(string encoder)
    {
        var spec = Specs.Trial("ring", "ali", set: [("batch_size", "64"), ("ali_encoder", encoder)]);
        using var session = new TrialSession(spec);
        var ali = (AliMethod)session.Method;
        bool Varies()
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = session.Data.Sample(64, new Generator(3));
            return !ali.Encode(x, new Generator(1)).eq(ali.Encode(x, new Generator(2))).all().item<bool>();
        }

        Assert.Equal(encoder == "noise-input", Varies());
        for (var i = 0; i < 3; i++) session.Step();
    }
}

using Sweep.Tests.Support;
using Sweep.Training.Models;
using Sweep.Training.Running;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

/// <summary>Metz et al.'s appendix for the 2-D mixture: orthogonal weights at scale 0.8, D's input scaled down by 4.</summary>
[Collection(TorchTests.Name)]
public sealed class MetzPresetTests
{
    [Fact]
    public void Every_weight_starts_orthogonal_at_scale_0_8_with_zero_biases()
    {
        var spec = Specs.Trial("ring", "unrolled");
        Assert.Equal("metz", spec.Preset);
        using var session = new TrialSession(spec);
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();

        foreach (var network in session.Method.Networks)
        foreach (var (name, p) in network.named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                Assert.True(p.eq(s[0.0]).all().item<bool>(), $"{network.GetName()}.{name} is not zero");
                continue;
            }

            // Orthonormal rows (wide) or columns (tall), times 0.8: W·Wᵀ or Wᵀ·W is 0.64·I.
            var gram = p.shape[0] <= p.shape[1] ? p.matmul(p.t()) : p.t().matmul(p);
            Assert.True(gram.allclose(eye(gram.shape[0]).mul(s[0.64]), atol: 1e-5), $"{network.GetName()}.{name} is not orthogonal at scale 0.8");
        }
    }

    [Fact]
    public void The_discriminator_reads_its_input_scaled_down_by_four()
    {
        using var session = new TrialSession(Specs.Trial("ring", "unrolled"));
        var d = (Mlp)session.Method.Networks[1];
        using var plain = new Mlp("D", 2, 1, 128, 1);
        plain.load_state_dict(d.state_dict());
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        using var _ = no_grad();
        var x = randn([16, 2], generator: new Generator(1)).mul(s[2.0]);

        Assert.True(d.forward(x).allclose(plain.forward(x.mul(s[0.25])), atol: 1e-6));
        Assert.False(d.forward(x).allclose(plain.forward(x), atol: 1e-3));
    }
}

using Sweep.Tests.Support;
using Sweep.Training.Models;
using Sweep.Training.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

/// <summary>Sweep's Adam step must be TorchSharp's to the bit: it only changes how long its scalars live.</summary>
[Collection(TorchTests.Name)]
public sealed class AdamStepTests
{
    [Theory]
    [InlineData(1e-3, 0.9, 0.999)]
    [InlineData(1e-4, 0.5, 0.999)]
    public void Steps_equal_torchsharps_adam_bit_for_bit_weights_and_moments(double lr, double beta1, double beta2)
    {
        var (library, ours) = (Network(), Network());
        ours.load_state_dict(library.state_dict());
        using var libraryAdam = optim.Adam(library.parameters(), lr, beta1, beta2);
        using var ourAdam = optim.Adam(ours.parameters(), lr, beta1, beta2);
        using var random = new Generator(11);

        for (var i = 0; i < 6; i++)
        {
            var x = randn([32, 4], generator: random);
#pragma warning disable RS0030 // the reference: TorchSharp's own step
            Train(library, libraryAdam, x, a => a.step());
#pragma warning restore RS0030
            Train(ours, ourAdam, x, a => a.Step());
        }

        foreach (var (expected, actual) in library.parameters().Zip(ours.parameters()))
            Assert.True(expected.eq(actual).all().item<bool>(), "weights differ");
        foreach (var (expected, actual) in libraryAdam.state_dict().State.Cast<Adam.State>().Zip(ourAdam.state_dict().State.Cast<Adam.State>()))
        {
            Assert.Equal(expected.step, actual.step);
            Assert.True(expected.exp_avg.eq(actual.exp_avg).all().item<bool>() && expected.exp_avg_sq.eq(actual.exp_avg_sq).all().item<bool>(), "moments differ");
        }
    }

    private static Sequential Network()
    {
        using var _ = no_grad();
        return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1));
    }

    private static void Train(Sequential network, Adam optimizer, Tensor x, Action<Adam> step)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        network.forward(x).pow(Held.Two).mean().backward();
        step(optimizer);
    }
}

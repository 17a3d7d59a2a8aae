using Sweep.Tests.Support;
using Sweep.Training.Models;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

/// <summary>One Adam step over flat buffers must be the per-tensor step to the bit, and save and load as it does.</summary>
[Collection(TorchTests.Name)]
public sealed class FlatAdamTests
{
    [Theory]
    [InlineData(1e-3, 0.9, 0.999, 128)]
    [InlineData(1e-4, 0.5, 0.999, 37)]
    public void Flat_steps_equal_per_tensor_steps_bit_for_bit(double lr, double beta1, double beta2, int width)
    {
        using var perTensor = Network(11, width);
        using var flat = Network(11, width);
        using var adam = optim.Adam(perTensor.parameters(), lr, beta1, beta2);
        using var flatAdam = new FlatAdam(flat.parameters(), lr, beta1, beta2);
        using var random = new Generator(12);

        for (var i = 0; i < 25; i++)
        {
            using var scope = NewDisposeScope();
            var x = randn([64, 3], generator: random);
            adam.zero_grad();
            perTensor.forward(x).pow(Held.Two).mean().backward();
            adam.Step();
            flatAdam.ZeroGrad();
            flat.forward(x).pow(Held.Two).mean().backward();
            flatAdam.Step();
        }

        foreach (var (a, b) in perTensor.parameters().Zip(flat.parameters()))
            Assert.True(a.eq(b).all().item<bool>(), "weights differ");
        foreach (var (a, b) in adam.state_dict().State.Cast<Adam.State>().Zip(flatAdam.Optimizer.state_dict().State.Cast<Adam.State>()))
        {
            Assert.Equal(a.step, b.step);
            Assert.True(a.exp_avg.eq(b.exp_avg).all().item<bool>() && a.exp_avg_sq.eq(b.exp_avg_sq).all().item<bool>(), "moments differ");
        }
    }

    [Fact]
    public void A_saved_flat_optimiser_and_network_load_into_fresh_ones_and_keep_stepping_alike()
    {
        using var trained = Network(1);
        using var fresh = Network(2);
        using var adam = new FlatAdam(trained.parameters(), 1e-3, 0.9, 0.999);
        using var freshAdam = new FlatAdam(fresh.parameters(), 1e-3, 0.9, 0.999);
        using var random = new Generator(3);
        void Train(Mlp network, FlatAdam optimizer, Tensor x)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            network.forward(x).pow(Held.Two).mean().backward();
            optimizer.Step();
        }

        using var x = randn([32, 3], generator: random);
        for (var i = 0; i < 5; i++) Train(trained, adam, x);
        using (var buffer = new MemoryStream())
        {
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                trained.save(writer);
                adam.Optimizer.save_state_dict(writer);
            }

            buffer.Position = 0;
            using var reader = new BinaryReader(buffer);
            fresh.load(reader);
            freshAdam.Optimizer.load_state_dict(reader);
        }

        Train(trained, adam, x);
        Train(fresh, freshAdam, x);
        foreach (var (a, b) in trained.parameters().Zip(fresh.parameters()))
            Assert.True(a.eq(b).all().item<bool>(), "a restored flat optimiser must continue exactly");
    }

    private static Mlp Network(int seed, int width = 16)
    {
        var network = new Mlp("N", 3, 2, width, 2);
        using var init = new Generator((ulong)seed);
        network.ResetParameters(init);
        return network;
    }
}

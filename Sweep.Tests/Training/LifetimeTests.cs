using Sweep.Tests.Support;
using Sweep.Training.Data.Images;
using Sweep.Training.Models;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

/// <summary>Lifetimes that cross a trial: shared data outlives the scope that loaded it; evaluation gives a network its mode back.</summary>
[Collection(TorchTests.Name)]
public sealed class LifetimeTests
{
    [Fact]
    public void Shared_data_loaded_inside_a_trials_dispose_scope_survives_that_scope()
    {
        var key = $"test:{Guid.NewGuid():N}";
        using (NewDisposeScope())
        using (var s = new HeldScalars())
            SharedData.Get(key, () => arange(s[0], s[6], Held.One).view(2, 3));

        // The trial that loaded it has ended; another trial still reads it.
        var shared = SharedData.Get<Tensor>(key, () => throw new InvalidOperationException("loaded twice"));
        Assert.Equal(15L, shared.sum().item<long>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_evaluation_gives_the_network_back_the_mode_it_had(bool training)
    {
        using var network = new Mlp("G", 2, 1, 4, 2);
        network.train(training);

        using (EvaluationMode.Of(network))
        {
            Assert.False(network.training);
            using (EvaluationMode.Of(network)) Assert.False(network.training);
            Assert.False(network.training);
        }

        Assert.Equal(training, network.training);
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>A GAN training method: its networks, optimisers, and one iteration of its game.</summary>
public interface IGanMethod : IDisposable
{
    /// <summary>G: generator input → sample.</summary>
    nn.Module<Tensor, Tensor> Generator { get; }

    /// <summary>Every network, in a fixed order (checkpoints depend on it).</summary>
    IReadOnlyList<nn.Module> Networks { get; }

    /// <summary>Every optimiser, in a fixed order (checkpoints depend on it).</summary>
    IReadOnlyList<OptimizerHelper> Optimizers { get; }

    /// <summary>
    /// The discriminator's belief that each row of <paramref name="x"/> is real, in [0, 1] ([n]);
    /// joint discriminators score x with its own code (the reconstructor's or encoder's). Call under no_grad.
    /// </summary>
    Tensor Realness(Tensor x);

    /// <summary>One generator update and the discriminator updates before it.</summary>
    IterationLosses Step(TrainingContext context);

    /// <summary>Multiply-adds of one iteration (forward and backward), for the benchmark's GFLOP/s.</summary>
    long MultiplyAddsPerIteration(TrainingContext context);
}

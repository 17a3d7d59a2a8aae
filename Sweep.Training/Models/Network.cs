using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sweep.Training.Models;

/// <summary>
/// A network of a GAN method. Inputs and outputs are rows (images flattened channel-major), so the
/// methods combine networks the same way for vectors and images.
/// </summary>
public abstract class Network(string name) : Module<Tensor, Tensor>(name)
{
    /// <summary>Multiply-adds per sample of one forward pass (the benchmarks' GFLOP/s).</summary>
    public abstract long MultiplyAddsPerSample { get; }

    /// <summary>Redraws every parameter from <paramref name="generator"/> (the trial's init stream).</summary>
    public abstract void ResetParameters(Generator generator);

    /// <summary>
    /// True when a row's output depends on the other rows of its batch (batch norm in training), so
    /// real and fake rows must be scored in separate passes rather than one stacked batch.
    /// </summary>
    public virtual bool CouplesRows => false;

    /// <summary>The forward pass on substitute <paramref name="weights"/> (in <c>parameters()</c> order): the unrolled discriminator.</summary>
    public virtual Tensor ForwardWith(IReadOnlyList<Tensor> weights, Tensor input) =>
        throw new NotSupportedException($"{GetName()} cannot run on substitute weights.");
}

using Sweep.Training.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sweep.Training.Models;

/// <summary>
/// A ReLU multilayer perceptron: <c>hiddenLayers</c> hidden layers of <c>width</c> units, a linear output.
/// <see cref="ForwardWith"/> runs the same network on substitute weights (the unrolled discriminator).
/// </summary>
public sealed class Mlp : Network
{
    private readonly ModuleList<Linear> layers;
    private readonly HeldScalars _scalars = new();
    private readonly Scalar? _inputScale;

    /// <param name="inputScale">Multiplies the input before the first layer (Metz et al.'s discriminator: 1/4); null: none.</param>
    public Mlp(string name, int input, int hiddenLayers, int width, int output, double? inputScale = null) : base(name)
    {
        _inputScale = inputScale is { } scale ? _scalars[scale] : null;
        layers = new ModuleList<Linear>();
        var fanIn = input;
        for (var i = 0; i < hiddenLayers; i++)
        {
            layers.Add(Linear(fanIn, width));
            fanIn = width;
        }

        layers.Add(Linear(fanIn, output));
        RegisterComponents();
    }

    public int InputDims => (int)layers[0].in_features;
    public int OutputDims => (int)layers[^1].out_features;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _inputScale is null ? input : input.mul(_inputScale);
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            // In place: a linear layer's backward needs its input, not its output, so ReLU may overwrite it.
            if (i < layers.Count - 1) x = x.relu_();
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The forward pass with <paramref name="weights"/> (weight, bias per layer, in <c>parameters()</c> order).</summary>
    public override Tensor ForwardWith(IReadOnlyList<Tensor> weights, Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _inputScale is null ? input : input.mul(_inputScale);
        for (var i = 0; i < layers.Count; i++)
        {
            x = functional.linear(x, weights[2 * i], weights[2 * i + 1]);
            if (i < layers.Count - 1) x = functional.relu(x);
        }

        return x.MoveToOuterDisposeScope();
    }

    public override long MultiplyAddsPerSample => layers.Sum(l => l.in_features * l.out_features);

    public override void ResetParameters(Generator generator) => ParameterInit.ResetDefault(this, generator);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
            _scalars.Dispose();
        }

        base.Dispose(disposing);
    }
}

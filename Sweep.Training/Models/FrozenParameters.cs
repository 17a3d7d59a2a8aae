using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// Stops gradients into a network's weights for a scope (another network trains through it, or its
/// input is searched), then gives each weight back the setting it had.
/// </summary>
public sealed class FrozenParameters : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly bool[] _trainable;

    private FrozenParameters(nn.Module network)
    {
        _parameters = network.parameters().ToArray();
        _trainable = _parameters.Select(p => p.requires_grad).ToArray();
        foreach (var p in _parameters) p.requires_grad = false;
    }

    public static IDisposable Of(nn.Module network) => new FrozenParameters(network);

    public void Dispose()
    {
        for (var i = 0; i < _parameters.Length; i++) _parameters[i].requires_grad = _trainable[i];
    }
}

using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// Puts a network in eval mode for a scope (batch norm on its running statistics, no dropout) and
/// back in training mode after: for scoring and pictures taken between training steps.
/// </summary>
public sealed class EvaluationMode : IDisposable
{
    private readonly nn.Module _network;

    private EvaluationMode(nn.Module network)
    {
        _network = network;
        network.eval();
    }

    public static IDisposable Of(nn.Module network) => new EvaluationMode(network);

    public void Dispose() => _network.train();
}

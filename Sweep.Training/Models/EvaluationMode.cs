using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// Puts a network in eval mode for a scope (batch norm on its running statistics, no dropout) and
/// gives it back the mode it had: for scoring and pictures taken between training steps, or inside
/// another evaluation.
/// </summary>
public sealed class EvaluationMode : IDisposable
{
    private readonly nn.Module _network;
    private readonly bool _wasTraining;

    private EvaluationMode(nn.Module network)
    {
        _network = network;
        _wasTraining = network.training;
        network.eval();
    }

    public static IDisposable Of(nn.Module network) => new EvaluationMode(network);

    public void Dispose() => _network.train(_wasTraining);
}

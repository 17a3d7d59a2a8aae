using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// The framework's default initialisation of linear layers (PyTorch's kaiming_uniform with a=√5,
/// i.e. weight and bias ~ U(-1/√fan_in, 1/√fan_in)), redrawn from the trial's own generator so
/// that concurrent trials never share the process-wide random state.
/// </summary>
public static class ParameterInit
{
    public static void ResetLinearLayers(IEnumerable<Linear> layers, Generator generator)
    {
        using var _ = no_grad();
        foreach (var layer in layers)
        {
            var bound = 1.0 / Math.Sqrt(layer.in_features);
            nn.init.uniform_(layer.weight!, -bound, bound, generator);
            if (layer.bias is not null) nn.init.uniform_(layer.bias, -bound, bound, generator);
        }
    }
}

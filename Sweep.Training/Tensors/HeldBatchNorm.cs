using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Tensors;

/// <summary>
/// <see cref="BatchNorm"/>'s forward pass without its temporary Scalars (it counts batches with
/// <c>add_(1)</c>): the same branches and the same functional call, so the same numbers and state.
/// </summary>
public static class HeldBatchNorm
{
    public static Tensor Forward(BatchNorm norm, Tensor input)
    {
        var factor = norm.momentum ?? 0.0;
        if (norm.training && norm.track_running_stats && norm.num_batches_tracked is { } batches)
        {
            batches.add_(Held.One, Held.One);
            factor = norm.momentum ?? 1.0 / batches.item<long>();
        }

        var useBatchStatistics = norm.training || (norm.running_mean is null && norm.running_var is null);
        var runningStatistics = !norm.training || norm.track_running_stats;
        return nn.functional.batch_norm(input, runningStatistics ? norm.running_mean : null, runningStatistics ? norm.running_var : null,
            norm.weight, norm.bias, useBatchStatistics, factor, norm.eps);
    }
}

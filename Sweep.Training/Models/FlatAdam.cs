using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// Adam over parameters that live side by side in one flat buffer, with their gradients and both
/// moments in flat buffers of the same layout, so that zeroing the gradients is one op and a step is
/// seven, however many tensors the networks have (a per-tensor step is eight ops per tensor, each
/// costing more in dispatch than in arithmetic for these small nets). The arithmetic per element is
/// <see cref="AdamStep"/>'s, in the same order, so updates are bit-identical to it (tested).
/// The parameters, gradients and TorchSharp <see cref="Adam"/>'s per-tensor moments become views
/// of the flat buffers, so modules and optimiser state save and load as before; every parameter is
/// taken to receive a gradient each step, as in every method here.
/// </summary>
public sealed class FlatAdam : IDisposable
{
    private readonly Tensor _parameters;
    private readonly Tensor _gradients;
    private readonly Tensor _mean;
    private readonly Tensor _variance;
    private readonly Adam.State[] _states;
    private readonly Adam.Options _options;

    public FlatAdam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2)
    {
        var list = parameters.ToList();
        var total = list.Sum(p => p.numel());
        var (dtype, device) = (list[0].dtype, list[0].device);
        _parameters = empty(total, dtype, device).DetachFromDisposeScope();
        _gradients = zeros(total, dtype, device).DetachFromDisposeScope();
        _mean = zeros(total, dtype, device).DetachFromDisposeScope();
        _variance = zeros(total, dtype, device).DetachFromDisposeScope();
        Optimizer = optim.Adam(list, lr, beta1, beta2);
        var state = Optimizer.state_dict();
        _options = (Adam.Options)state.Options.Single();
        _states = state.State.Cast<Adam.State>().ToArray();

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long offset = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var (parameter, n) = (list[i], list[i].numel());
            Tensor Slice(Tensor flat) => flat.narrow(0, offset, n).view(parameter.shape);
            Slice(_parameters).copy_(parameter);
            parameter.set_(Slice(_parameters));
            parameter.grad = Slice(_gradients);
            var moments = _states[i];
            (moments.exp_avg, moments.exp_avg_sq) = (Keep(Slice(_mean), moments.exp_avg), Keep(Slice(_variance), moments.exp_avg_sq));
            offset += n;
        }
    }

    /// <summary>TorchSharp's optimiser, whose per-tensor state (views of the flat moments) checkpoints save and load.</summary>
    public Adam Optimizer { get; }

    public void ZeroGrad() => _gradients.zero_();

    public void Step()
    {
        var (beta1, beta2) = (_options.beta1!.Value, _options.beta2!.Value);
        var step = ++_states[0].step;
        for (var i = 1; i < _states.Length; i++) _states[i].step = step;
        var correction1 = 1 - Math.Pow(beta1, step);
        var correction2 = 1 - Math.Pow(beta2, step);

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        _mean.mul_(s[beta1]).add_(_gradients, alpha: s[1 - beta1]);
        _variance.mul_(s[beta2]).addcmul_(_gradients, _gradients, value: s[1 - beta2]);
        var denominator = _variance.sqrt().div(s[Math.Sqrt(correction2)]).add_(s[_options.eps!.Value], Held.One);
        _parameters.addcdiv_(_mean, denominator, value: s[-(_options.LearningRate!.Value / correction1)]);
    }

    /// <summary>The view, kept beyond the constructor's dispose scope, in place of the tensor it replaces.</summary>
    private static Tensor Keep(Tensor view, Tensor replaced)
    {
        replaced.Dispose();
        return view.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        _parameters.Dispose();
        _gradients.Dispose();
        _mean.Dispose();
        _variance.Dispose();
    }
}

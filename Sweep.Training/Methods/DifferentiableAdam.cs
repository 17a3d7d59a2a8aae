using TorchSharp;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>
/// Adam's update as a function of the gradients, so a generator can look through k discriminator
/// updates (Metz et al. unroll with the discriminator's own optimiser and its current moments).
/// Starts from a detached copy of a live <see cref="Adam"/>'s moments and step count. Its scalars
/// live as long as it does (see <see cref="Models.AdamStep"/> for why): dispose it after the unroll.
/// </summary>
public sealed class DifferentiableAdam : IDisposable
{
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly HeldScalars _scalars = new();
    private readonly Scalar _lr;
    private readonly Scalar _beta1Scalar;
    private readonly Scalar _beta2Scalar;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _eps;
    private readonly Scalar _epsSquared;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;
    private long _step;

    public DifferentiableAdam(Adam optimizer, IReadOnlyList<Tensor> parameters, double lr, double beta1, double beta2, double eps = 1e-8)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        (_lr, _beta1Scalar, _beta2Scalar) = (_scalars[lr], _scalars[beta1], _scalars[beta2]);
        (_oneMinusBeta1, _oneMinusBeta2) = (_scalars[1 - beta1], _scalars[1 - beta2]);
        (_eps, _epsSquared) = (_scalars[eps], _scalars[eps * eps]);
        var states = optimizer.state_dict().State;
        _m = new Tensor[parameters.Count];
        _v = new Tensor[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            // Before the optimiser's first step it holds no moments: start from zero as Adam does.
            if (i < states.Count && states[i] is Adam.State { exp_avg: not null } s)
            {
                _m[i] = s.exp_avg.detach();
                _v[i] = s.exp_avg_sq.detach();
                _step = s.step;
            }
            else
            {
                _m[i] = zeros_like(parameters[i]);
                _v[i] = zeros_like(parameters[i]);
            }
        }
    }

    /// <summary>θ' = θ - lr·m̂/(√v̂ + eps), differentiable in <paramref name="gradients"/> and <paramref name="parameters"/>.</summary>
    public Tensor[] Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        _step++;
        var correction1 = _scalars[1 - Math.Pow(_beta1, _step)];
        var correction2 = _scalars[1 - Math.Pow(_beta2, _step)];
        var updated = new Tensor[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var g = gradients[i];
            _m[i] = (_m[i] * _beta1Scalar).add(g * _oneMinusBeta1, Held.One);
            _v[i] = (_v[i] * _beta2Scalar).add(g.pow(Held.Two) * _oneMinusBeta2, Held.One);
            // eps² inside the root keeps the derivative finite where v is exactly zero (dead units);
            // it changes the update by less than float precision elsewhere.
            var denominator = (_v[i] / correction2).add(_epsSquared, Held.One).sqrt().add(_eps, Held.One);
            updated[i] = parameters[i] - _m[i] / correction1 / denominator * _lr;
        }

        return updated;
    }

    public void Dispose() => _scalars.Dispose();
}

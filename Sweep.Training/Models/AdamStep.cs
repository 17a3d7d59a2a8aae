using TorchSharp.Modules;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// One step of a TorchSharp <see cref="Adam"/> on its own state, with every scalar held until its
/// native call returns. TorchSharp 0.107's <c>Adam.step</c> passes temporary Scalars to libtorch;
/// a garbage collection that finalizes one mid-call frees it under libtorch, and the step fails
/// at random with "Unknown scalar type". This is the same arithmetic in the same order, so updates
/// are bit-identical and checkpoints (the optimiser's own state) are unchanged.
/// </summary>
public static class AdamStep
{
    /// <exception cref="NotSupportedException">The optimiser uses weight decay, AMSGrad or maximize, which Sweep never sets.</exception>
    public static void Step(this Adam optimizer)
    {
        var state = optimizer.state_dict();
        if (state.Options.Count != 1 || state.Options[0] is not Adam.Options { weight_decay: 0, amsgrad: false, maximize: false } options)
            throw new NotSupportedException("AdamStep handles one parameter group without weight decay, AMSGrad or maximize");

        var (beta1, beta2) = (options.beta1!.Value, options.beta2!.Value);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var (beta1Scalar, beta2Scalar, oneMinusBeta1, oneMinusBeta2) = (s[beta1], s[beta2], s[1 - beta1], s[1 - beta2]);
        var eps = s[options.eps!.Value];
        var parameters = optimizer.parameters().ToList();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (parameter.grad is not { } grad) continue;
            var moments = (Adam.State)state.State[i];
            moments.step += 1;
            var correction1 = 1 - Math.Pow(beta1, moments.step);
            var correction2 = 1 - Math.Pow(beta2, moments.step);

            moments.exp_avg.mul_(beta1Scalar).add_(grad, alpha: oneMinusBeta1);
            // Adam multiplies by grad's conjugate, which for real tensors is grad itself.
            moments.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad, value: oneMinusBeta2);
            var denominator = moments.exp_avg_sq.sqrt().div(s[Math.Sqrt(correction2)]).add_(eps, Held.One);
            parameter.addcdiv_(moments.exp_avg, denominator, value: s[-(options.LearningRate!.Value / correction1)]);
        }
    }
}

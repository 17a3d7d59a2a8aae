using Sweep.Training.Models;
using Sweep.Training.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>Pieces every method shares: labels, BCE-with-logits, scoring real and fake, Adam from knobs.</summary>
internal static class Adversarial
{
    /// <summary>[2n, 1] labels: the first n rows <paramref name="first"/>, the rest 1 - first.</summary>
    public static Tensor StackedLabels(int n, float first, Device device)
    {
        using var s = new HeldScalars();
        return cat([full([n, 1], s[first], ScalarType.Float32, device), full([n, 1], s[1 - first], ScalarType.Float32, device)], 0);
    }

    public static Tensor Bce(Tensor logits, Tensor labels) =>
        nn.functional.binary_cross_entropy_with_logits(logits, labels);

    /// <summary>
    /// D's logits for real rows then fake rows: one pass over both, or two when D's batch statistics
    /// couple rows (DCGAN trains batch norm on all-real and all-fake batches).
    /// </summary>
    public static Tensor ScoreRealThenFake(Func<Tensor, Tensor> discriminator, bool couplesRows, Tensor real, Tensor fake) =>
        couplesRows ? cat([discriminator(real), discriminator(fake)], 0) : discriminator(cat([real, fake], 0));

    public static FlatAdam Adam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2) => new(parameters, lr, beta1, beta2);
}

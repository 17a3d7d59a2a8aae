using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Sweep.Training.Scoring;

/// <summary>
/// PacGAN's MNIST classifier for scoring Stacked MNIST: conv 32 3×3 → conv 64 3×3 → max-pool 2 →
/// dropout 0.25 → dense 128 → dropout 0.5 → 10 logits, ReLU between. Takes digits in [-1, 1],
/// [n, 1, 28, 28].
/// </summary>
public sealed class MnistClassifier : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1 = Conv2d(1, 32, 3);
    private readonly Conv2d conv2 = Conv2d(32, 64, 3);
    private readonly Linear dense = Linear(64 * 12 * 12, 128);
    private readonly Linear logits = Linear(128, 10);

    public MnistClassifier() : base("mnist-classifier") => RegisterComponents();

    /// <summary>Multiply-adds per digit of one forward pass.</summary>
    public static long MultiplyAddsPerDigit => 26 * 26 * 32 * 9 + 24 * 24 * 64 * 32 * 9 + 64L * 12 * 12 * 128 + 128 * 10;

    public override Tensor forward(Tensor digits)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(conv1.forward(digits));
        x = functional.relu(conv2.forward(x));
        x = functional.dropout(functional.max_pool2d(x, 2), 0.25, training);
        x = functional.dropout(functional.relu(dense.forward(x.flatten(1))), 0.5, training);
        return logits.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>The most likely digit of each of <paramref name="digits"/> [n, 1, 28, 28], in batches.</summary>
    public Tensor Classify(Tensor digits, int batch = 50)
    {
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < digits.shape[0]; start += batch)
        {
            using var slice = digits.narrow(0, start, Math.Min(batch, digits.shape[0] - start));
            using var scores = forward(slice);
            parts.Add(scores.argmax(1));
        }

        var all = cat(parts, 0);
        parts.ForEach(p => p.Dispose());
        return all;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
            dense.Dispose();
            logits.Dispose();
        }

        base.Dispose(disposing);
    }
}

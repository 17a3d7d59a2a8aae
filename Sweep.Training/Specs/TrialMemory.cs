namespace Sweep.Training.Specs;

/// <summary>
/// An upper-end estimate of the memory one trial needs, from its spec alone, so that a knob which
/// would need more than a node has (hd1200 with <c>dataset_size=1e6</c> is 4.8 GB of samples) is
/// refused before anything runs, naming the cause, rather than failing deep inside libtorch.
/// </summary>
/// <remarks>
/// Counted in float32 values: the fixed data set; every network's parameters with their gradient
/// and Adam's two moments (and D's unrolled copies); a step's activations, forward and backward,
/// for the batch (all D steps' fakes at once, as the methods draw them); covering init's batch;
/// the evaluation samples with their distances to every mode. Image trials add the data pools the
/// loaders keep (MNIST and CIFAR-10 as bytes and floats). It is meant to be within a small factor
/// above what a trial really uses, never far below it.
/// </remarks>
public static class TrialMemory
{
    private const long FloatBytes = 4;
    private const long ImagePools = 600L << 20;   // MNIST, its stacked test set, CIFAR-10, the scoring classifier

    public sealed record Estimate(long Bytes, string LargestPart)
    {
        public override string ToString() => $"{Gib(Bytes)} (mostly {LargestPart})";
    }

    public static Estimate Of(TrialSpec spec)
    {
        var h = spec.Hyper;
        var image = spec.Dataset is DatasetKind.StackedMnist or DatasetKind.Cifar10;
        long dims = spec.Dataset switch
        {
            DatasetKind.Hd1200 => 1200,
            DatasetKind.StackedMnist => 3 * 28 * 28,
            DatasetKind.Cifar10 => 3 * 32 * 32,
            _ => 2,
        };
        long latent = (long)h.NoiseDim + Math.Max(h.Categories, h.CategoriesMax) + h.ExtraNoiseDims;
        var hasReconstructor = spec.Method is MethodKind.Veegan or MethodKind.Ali;
        var unrolledCopies = spec.Method == MethodKind.Unrolled ? h.UnrollSteps + 1L : 1L;

        // An image net's width w is the channel count of its 16×16 layer (256·w values); channels
        // double as the size halves, so its layers hold about 2·256·w, three times that with batch
        // norm, ReLU and gradients.
        long Parameters(long inputs, long layers, long width, long outputs) => image
            ? 4 * 16 * width * width * 8 + (inputs + outputs) * width * 16
            : inputs * width + (layers - 1) * width * width + width * outputs;
        long Activations(long layers, long width) => image ? 16L * 16 * width * 6 : layers * width;

        var g = Parameters(latent, h.GLayers, h.GWidth, dims);
        var d = Parameters(dims + (hasReconstructor ? latent : 0), h.DLayers, h.DWidth, 1);
        var f = hasReconstructor ? Parameters(dims, h.FLayers, h.FWidth, 2 * latent) : 0;
        var weights = (g + f + d * unrolledCopies) * 4;                 // value, gradient, two moments

        var fakes = (long)h.BatchSize * Math.Max(1, h.DSteps);
        var perSample = Activations(h.GLayers, h.GWidth) + 2 * Activations(h.DLayers, h.DWidth)
                        + (hasReconstructor ? Activations(h.FLayers, h.FWidth) : 0) + 2 * dims + latent;
        var step = fakes * perSample * 3 * unrolledCopies;              // forward, ReLU mask, backward

        var covering = spec.Init == InitKind.Covering ? (long)h.CoveringBatch * (Activations(h.GLayers, h.GWidth) + dims) * 3 : 0;
        var evaluation = (long)h.EvalSamples * (dims + latent + 25);    // samples, their noise, distances to ≤ 25 modes
        var data = h.FixedDataset && !image ? (long)h.DatasetSize * dims : 0;

        var parts = new (string Name, long Bytes)[]
        {
            ("the networks (value, gradient, Adam moments): widths and layers", weights * FloatBytes),
            ("a training step's activations: batch_size × d_steps × widths", step * FloatBytes),
            ("covering init: covering_batch", covering * FloatBytes),
            ("evaluation: eval_samples", evaluation * FloatBytes),
            ("the fixed data set: dataset_size", data * FloatBytes),
            ("the image data pools", image ? ImagePools : 0),
        };
        return new Estimate(parts.Sum(p => p.Bytes), parts.MaxBy(p => p.Bytes).Name);
    }

    public static string Gib(long bytes) => $"{bytes / (double)(1L << 30):0.##} GiB";
}

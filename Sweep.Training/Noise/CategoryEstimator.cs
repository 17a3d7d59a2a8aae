using TorchSharp;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Noise;

/// <summary>
/// <c>categories: auto</c> — LO17 suggests choosing c with a clustering algorithm. Sweep projects a
/// data sample onto its dominant principal components (variance at least 1% of the largest, at
/// most 16), runs k-means (k-means++ seeding, a few restarts) for k = 2..max there and keeps the k
/// with the best mean silhouette. The projection matters in high dimensions: in hd1200, isotropic
/// noise in 700 dims swamps the pairwise distances that silhouette compares, while the modes
/// differ along one direction. k = 1 cannot be scored by silhouette, so auto never returns 1.
/// </summary>
public static class CategoryEstimator
{
    public sealed record Result(int Categories, IReadOnlyDictionary<int, double> SilhouetteByK);

    public static Result Estimate(Tensor samples, int maxK, Generator generator, int restarts = 3)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = DominantComponents(samples.to_type(ScalarType.Float32));
        var distances = cdist(x, x);
        var scores = new Dictionary<int, double>();
        for (var k = 2; k <= Math.Min(maxK, (int)x.shape[0] - 1); k++)
        {
            using var inner = NewDisposeScope();
            Tensor? best = null;
            var bestInertia = double.PositiveInfinity;
            for (var r = 0; r < restarts; r++)
            {
                var (labels, inertia) = KMeans(x, k, generator);
                if (inertia < bestInertia)
                {
                    bestInertia = inertia;
                    best = labels;
                }
            }

            scores[k] = Silhouette(distances, best!, k);
        }

        var chosen = scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).First().Key;
        return new Result(chosen, scores);
    }

    /// <summary>The centred sample in the basis of its principal components with variance ≥ 1% of the largest.</summary>
    public static Tensor DominantComponents(Tensor x, double relativeVariance = 0.01, int maxComponents = 16)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var centred = x - x.mean([0]);
        var cov = centred.t().matmul(centred).div(s[x.shape[0] - 1]);
        var (values, vectors) = linalg.eigh(cov);                     // ascending
        var keep = (int)values.ge(s[values.max().item<float>() * relativeVariance]).sum().item<long>();
        keep = Math.Clamp(keep, 1, maxComponents);
        var basis = vectors.narrow(1, vectors.shape[1] - keep, keep);
        return centred.matmul(basis).MoveToOuterDisposeScope();
    }

    /// <summary>Lloyd's algorithm from k-means++ seeds; returns labels [n] and the inertia.</summary>
    public static (Tensor Labels, double Inertia) KMeans(Tensor x, int k, Generator generator, int maxIterations = 50)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var n = x.shape[0];
        var centres = new List<Tensor> { x[randint(0, n, [1], generator: generator, device: generator.device)] };
        for (var c = 1; c < k; c++)
        {
            var nearest = cdist(x, cat(centres, 0)).min(1).values.pow(Held.Two);
            var weights = nearest.sum().item<float>() > 0 ? nearest : ones_like(nearest);
            centres.Add(x[multinomial(weights, 1, generator: generator)]);
        }

        var centroids = cat(centres, 0);
        var labels = cdist(x, centroids).argmin(1);
        var inertia = double.PositiveInfinity;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            using var step = NewDisposeScope();
            var oneHot = nn.functional.one_hot(labels, k).to_type(ScalarType.Float32);   // [n, k]
            var counts = oneHot.sum(dim: 0).unsqueeze(1);
            var sums = oneHot.t().matmul(x);
            // An emptied cluster keeps its old centroid.
            centroids = where(counts.gt(Zero), sums / counts.clamp_min(Held.One), centroids).MoveToOuterDisposeScope();
            var nearest = cdist(x, centroids).min(1);
            labels = nearest.indexes.MoveToOuterDisposeScope();
            var previous = inertia;
            inertia = nearest.values.pow(Held.Two).sum().item<float>();
            // Converged: the objective no longer moves (exact label stability can take long for k above the true count).
            if (previous - inertia <= 1e-3 * inertia) break;
        }

        return (labels.MoveToOuterDisposeScope(), inertia);
    }

    private static readonly Scalar Zero = Held.Constant(0L), Infinity = Held.Constant(double.PositiveInfinity);

    /// <summary>Mean silhouette coefficient from a precomputed distance matrix.</summary>
    public static double Silhouette(Tensor distances, Tensor labels, int k)
    {
        using var scope = NewDisposeScope();
        using var held = new HeldScalars();
        var oneHot = nn.functional.one_hot(labels, k).to_type(distances.dtype);     // [n, k]
        var counts = oneHot.sum(dim: 0);                                                 // [k]
        var sumToCluster = distances.matmul(oneHot);                                // [n, k]
        var own = oneHot.mul(sumToCluster).sum(1);
        var ownCount = oneHot.matmul(counts).sub(Held.One);                          // excluding self
        var a = own / ownCount.clamp_min(Held.One);
        var meanToOther = sumToCluster / counts.clamp_min(Held.One);
        var b = meanToOther.masked_fill(oneHot.to_type(ScalarType.Bool), Infinity)
                          .masked_fill(counts.eq(Zero).unsqueeze(0).expand_as(meanToOther), Infinity)
                          .min(1).values;
        var s = (b - a) / maximum(a, b).clamp_min(held[1e-12]);
        // Singletons score 0 by convention.
        s = where(ownCount.gt(Zero), s, zeros_like(s));
        return s.mean().item<float>();
    }
}

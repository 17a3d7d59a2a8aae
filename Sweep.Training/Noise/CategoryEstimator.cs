using static TorchSharp.torch;

namespace Sweep.Training.Noise;

/// <summary>
/// <c>categories: auto</c> — LO17 suggests choosing c with a clustering algorithm. Sweep runs
/// k-means (k-means++ seeding, a few restarts) for k = 2..max on a data sample and keeps the k
/// with the best mean silhouette. k = 1 cannot be scored by silhouette, so auto never returns 1.
/// </summary>
public static class CategoryEstimator
{
    public sealed record Result(int Categories, IReadOnlyDictionary<int, double> SilhouetteByK);

    public static Result Estimate(Tensor samples, int maxK, Generator generator, int restarts = 3)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = samples.to_type(ScalarType.Float32);
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

    /// <summary>Lloyd's algorithm from k-means++ seeds; returns labels [n] and the inertia.</summary>
    public static (Tensor Labels, double Inertia) KMeans(Tensor x, int k, Generator generator, int maxIterations = 100)
    {
        using var scope = NewDisposeScope();
        var n = x.shape[0];
        var centres = new List<Tensor> { x[randint(0, n, [1], generator: generator)] };
        for (var c = 1; c < k; c++)
        {
            var nearest = cdist(x, cat(centres, 0)).min(1).values.pow(2);
            var weights = nearest.sum().item<float>() > 0 ? nearest : ones_like(nearest);
            centres.Add(x[multinomial(weights, 1, generator: generator)]);
        }

        var centroids = cat(centres, 0);
        var labels = cdist(x, centroids).argmin(1);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var oneHot = nn.functional.one_hot(labels, k).to_type(ScalarType.Float32);   // [n, k]
            var counts = oneHot.sum(0).unsqueeze(1);
            var sums = oneHot.t().matmul(x);
            // An emptied cluster keeps its old centroid.
            centroids = where(counts.gt(0), sums / counts.clamp_min(1), centroids);
            var updated = cdist(x, centroids).argmin(1);
            var stable = updated.eq(labels).all().item<bool>();
            labels = updated;
            if (stable) break;
        }

        var inertia = cdist(x, centroids).min(1).values.pow(2).sum().item<float>();
        return (labels.MoveToOuterDisposeScope(), inertia);
    }

    /// <summary>Mean silhouette coefficient from a precomputed distance matrix.</summary>
    public static double Silhouette(Tensor distances, Tensor labels, int k)
    {
        using var scope = NewDisposeScope();
        var oneHot = nn.functional.one_hot(labels, k).to_type(distances.dtype);     // [n, k]
        var counts = oneHot.sum(0);                                                 // [k]
        var sumToCluster = distances.matmul(oneHot);                                // [n, k]
        var own = oneHot.mul(sumToCluster).sum(1);
        var ownCount = oneHot.matmul(counts) - 1;                                    // excluding self
        var a = own / ownCount.clamp_min(1);
        var meanToOther = sumToCluster / counts.clamp_min(1);
        var b = meanToOther.masked_fill(oneHot.to_type(ScalarType.Bool), double.PositiveInfinity)
                          .masked_fill(counts.eq(0).unsqueeze(0).expand_as(meanToOther), double.PositiveInfinity)
                          .min(1).values;
        var s = (b - a) / maximum(a, b).clamp_min(1e-12);
        // Singletons score 0 by convention.
        s = where(ownCount.gt(0), s, zeros_like(s));
        return s.mean().item<float>();
    }
}

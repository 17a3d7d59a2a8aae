using Sweep.Tests.Support;
using Sweep.Training.Methods;
using Sweep.Training.Models;
using Sweep.Training.Specs;
using Sweep.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

/// <summary>
/// The unrolled generator loss — Metz et al.'s saddle objective, its real-data term included —
/// differentiated through k Adam steps of the discriminator, checked against central finite
/// differences on a tiny float64 network.
/// </summary>
[Collection(TorchTests.Name)]
public sealed class UnrolledGradientTests
{
    private static readonly Hyperparameters Tiny = Presets.Get(Presets.Metz) with
    {
        BatchSize = 6, GLayers = 1, GWidth = 5, DLayers = 1, DWidth = 4, UnrollSteps = 3,
        LrD = 0.05, LrG = 0.05,
    };

    [Fact]
    public void Second_order_gradient_matches_finite_differences()
    {
        var analytic = CompareWithFiniteDifferences(Tiny with { UnrollOrder = 2 }, out var numeric);

        for (var i = 0; i < analytic.Length; i++)
            Assert.True(Math.Abs(analytic[i] - numeric[i]) <= 1e-6 + 1e-4 * Math.Abs(numeric[i]),
                $"parameter entry {i}: autograd {analytic[i]:E6}, finite difference {numeric[i]:E6}");
    }

    [Fact]
    public void First_order_gradient_misses_the_term_through_the_unrolled_updates()
    {
        var firstOrder = CompareWithFiniteDifferences(Tiny with { UnrollOrder = 1 }, out var numeric);

        var worst = firstOrder.Zip(numeric).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst > 1e-4, $"first-order gradient should differ from the true one; worst difference {worst:E3}");
    }

    [Fact]
    public void The_default_objective_is_the_saddle_objective_through_the_unrolled_discriminator()
    {
        Assert.Equal(UnrolledGeneratorLoss.Saddle, Specs.Trial("ring", "unrolled").Hyper.UnrolledGLoss);
        InFloat64(Tiny with { UnrolledGLoss = UnrolledGeneratorLoss.Saddle }, (method, real, z) =>
        {
            using var loss = method.GeneratorLoss(real, z);
            using var fake = method.Generator.forward(z);
            var unrolled = method.Unroll(real, fake);
            var d = (Network)method.Networks[1];
            // f = E_x log D_K(x) + E_z log(1 − D_K(G(z))), written out with sigmoids.
            using var realLogits = d.ForwardWith(unrolled, real);
            using var fakeLogits = d.ForwardWith(unrolled, fake);
            var expected = realLogits.sigmoid().log().mean().item<double>() + fakeLogits.sigmoid().neg().log1p().mean().item<double>();
            Assert.Equal(expected, loss.item<double>(), 1e-10);
        });
    }

    [Fact]
    public void The_real_data_term_changes_the_generators_gradient_through_second_order_unrolling()
    {
        double RealTermGradientNorm(int order) => InFloat64(Tiny with { UnrollOrder = order }, (method, real, z) =>
        {
            var weights = method.Generator.parameters().ToArray();
            using var fake = method.Generator.forward(z);
            using var realTerm = method.RealTerm(method.Unroll(real, fake), real);
            var gradients = autograd.grad([realTerm], weights, allow_unused: true);
            // Unused (no path to G at all): libtorch hands back undefined tensors.
            return Math.Sqrt(gradients.Where(g => g is not null && !g.IsInvalid).Sum(g => g.pow(Held.Two).sum().item<double>()));
        });

        // With order 2 the term E_x log D_K(x) moves G through θ_D^K(θ_G); treated as constants it cannot.
        Assert.True(RealTermGradientNorm(2) > 1e-4, $"real-data term's gradient norm with order 2: {RealTermGradientNorm(2):E3}");
        Assert.Equal(0, RealTermGradientNorm(1));

        // And it is part of the default objective: G's gradient differs from the fakes-only loss's.
        double[] Gradient(UnrolledGeneratorLoss objective) => InFloat64(Tiny with { UnrolledGLoss = objective }, (method, real, z) =>
        {
            var weights = method.Generator.parameters().ToArray();
            using var loss = method.GeneratorLoss(real, z);
            return autograd.grad([loss], weights).SelectMany(g => g.data<double>().ToArray()).ToArray();
        });
        var (saddle, nonSaturating) = (Gradient(UnrolledGeneratorLoss.Saddle), Gradient(UnrolledGeneratorLoss.NonSaturating));
        Assert.True(saddle.Zip(nonSaturating).Max(p => Math.Abs(p.First - p.Second)) > 1e-4, "the objectives' gradients should differ");
    }

    /// <summary>Runs <paramref name="test"/> on a tiny float64 unrolled GAN with a warmed discriminator optimiser, a real batch and inputs.</summary>
    private static T InFloat64<T>(Hyperparameters hyper, Func<UnrolledGanMethod, Tensor, Tensor, T> test)
    {
        var previous = get_default_dtype();
        set_default_dtype(ScalarType.Float64);
        try
        {
            using var init = new Generator(21);
            using var method = new UnrolledGanMethod(hyper, generatorInputDims: 3, new NetworkFactory(hyper, dataDims: 2, image: null, init));
            using var data = new Generator(22);
            using var real = randn([hyper.BatchSize, 2], generator: data);
            using var z = randn([hyper.BatchSize, 3], generator: data);
            WarmDiscriminatorOptimizer(method, real, z);
            using var scope = NewDisposeScope();
            return test(method, real, z);
        }
        finally
        {
            set_default_dtype(previous);
        }
    }

    private static void InFloat64(Hyperparameters hyper, Action<UnrolledGanMethod, Tensor, Tensor> test) =>
        InFloat64(hyper, (method, real, z) =>
        {
            test(method, real, z);
            return 0;
        });

    /// <summary>Returns autograd's gradient of the unrolled loss w.r.t. G's weights; <paramref name="numeric"/> gets the finite differences.</summary>
    private static double[] CompareWithFiniteDifferences(Hyperparameters hyper, out double[] numeric)
    {
        (var analytic, numeric) = InFloat64(hyper, (method, real, z) =>
        {
            var generatorWeights = method.Generator.parameters().ToArray();
            foreach (var p in generatorWeights) p.grad?.zero_();
            using (var loss = method.GeneratorLoss(real, z)) loss.backward();
            var gradient = generatorWeights.SelectMany(p => p.grad!.data<double>().ToArray()).ToArray();

            const double h = 1e-6;
            var fd = new List<double>();
            foreach (var p in generatorWeights)
            {
                for (var i = 0; i < p.numel(); i++)
                {
                    double At(double delta)
                    {
                        using (no_grad())
                        using (var s = new HeldScalars())
                            p.view(-1)[i].add_(s[delta], Held.One);
                        using var loss = method.GeneratorLoss(real, z);
                        return loss.item<double>();
                    }

                    var plus = At(h);
                    var minus = At(-2 * h);
                    At(h);   // restore
                    fd.Add((plus - minus) / (2 * h));
                }
            }

            return (gradient, fd.ToArray());
        });
        return analytic;
    }

    /// <summary>Two real discriminator updates so the unrolled Adam starts from non-trivial moments.</summary>
    private static void WarmDiscriminatorOptimizer(UnrolledGanMethod method, Tensor real, Tensor z)
    {
        var d = method.Networks[1];
        var optimizer = method.Optimizers[1];
        using var labels = cat([ones(real.shape[0], 1), zeros(real.shape[0], 1)], 0);
        for (var i = 0; i < 2; i++)
        {
            optimizer.zero_grad();
            using var fake = method.Generator.forward(z).detach();
            using var logits = ((nn.Module<Tensor, Tensor>)d).forward(cat([real, fake], 0));
            using var loss = nn.functional.binary_cross_entropy_with_logits(logits, labels);
            loss.backward();
            ((Adam)optimizer).Step();
        }
    }
}

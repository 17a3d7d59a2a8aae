using Sweep.Tests.Support;
using Sweep.Training.Running;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class MethodTrainingTests
{
    private static Tensor[] Snapshot(TrialSession session) =>
        session.Method.Networks.SelectMany(n => n.parameters()).Select(p => p.detach().clone()).ToArray();

    [Theory]
    [InlineData("gan", "lo17", "ring")]
    [InlineData("unrolled", "metz", "ring")]
    [InlineData("veegan", "veegan", "grid")]
    [InlineData("ali", "veegan", "ring")]
    [InlineData("veegan", "veegan", "hd1200")]
    [InlineData("gan", "lo17", "hd1200")]
    public void Each_method_trains_without_nan_and_moves_every_network(string method, string preset, string dataset)
    {
        var iterations = dataset == "hd1200" ? 30 : 200;
        using var session = new TrialSession(Specs.Trial(dataset, method, "covering", "multimodal", preset: preset,
            set: [("categories", "8"), ("covering_steps", "20")]));
        session.ApplyCoveringInit(CancellationToken.None);
        var before = Snapshot(session);

        for (var i = 0; i < iterations; i++)
        {
            var losses = session.Step();
            Assert.True(double.IsFinite(losses.Discriminator) && double.IsFinite(losses.Generator),
                $"iteration {i}: D {losses.Discriminator}, G {losses.Generator}");
        }

        var after = Snapshot(session);
        Assert.All(session.Method.Networks.SelectMany(n => n.parameters()), p => Assert.False(p.isnan().any().item<bool>()));
        // Every network of the method (G, D, and F or E) was updated.
        var offset = 0;
        foreach (var network in session.Method.Networks)
        {
            var count = network.parameters().Count();
            var moved = Enumerable.Range(offset, count).Any(i => !before[i].eq(after[i]).all().item<bool>());
            Assert.True(moved, $"{network.GetName()} did not change");
            offset += count;
        }

        // Scored against the dataset's own modes, from the trial's evaluation stream: a repeat is identical.
        var score = session.Evaluate();
        Assert.Equal(dataset switch { "ring" => 8, "grid" => 25, _ => 10 }, score.MaxModes);
        Assert.Equal(score, session.Evaluate());
    }

    [Fact]
    public void A_diverging_trial_fails_as_not_retryable_naming_the_iteration_and_the_loss()
    {
        var spec = Specs.Trial("ring", "gan", iterations: 200, set: [("lr_d", "1e30"), ("lr_g", "1e30")]);

        var result = TrialRunner.Run(spec, new TrialRunOptions(), CancellationToken.None);

        Assert.Equal(TrialOutcome.Failed, result.Outcome);
        Assert.Null(result.Metrics);
        var failure = Assert.IsType<TrialFailure>(result.Failure);
        Assert.False(failure.Retryable);
        Assert.Contains(failure.Loss, new[] { "discriminator", "generator" });
        Assert.Equal(result.Iterations, failure.Iteration);
        Assert.InRange(failure.Iteration!.Value, 1, 199);
        Assert.Contains($"at iteration {failure.Iteration}", failure.Reason);
    }
}

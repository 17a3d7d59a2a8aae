using Sweep.Tests.Support;
using Sweep.Training.Running;
using Sweep.Training.Tracing;

namespace Sweep.Tests.Training;

[Collection(TorchTests.Name)]
[Trait("Tier", "Full")]
public sealed class DeterminismTests
{
    private static byte[] FinalState(TrialSession session, int iterations)
    {
        for (var i = 0; i < iterations; i++) session.Step();
        return session.Checkpoint(iterations);
    }

    [Theory]
    [InlineData("gan", "unimodal")]
    [InlineData("unrolled", "multimodal")]
    [InlineData("veegan", "multimodal")]
    [InlineData("ali", "unimodal")]
    public void The_same_seed_gives_bit_identical_weights_and_a_different_seed_does_not(string method, string noise)
    {
        var spec = Specs.Trial("ring", method, "covering", noise, seed: 4, set: [("categories", "8"), ("covering_steps", "10"), ("batch_size", "64")]);
        byte[] Run(Sweep.Training.Specs.TrialSpec s)
        {
            using var session = new TrialSession(s);
            session.ApplyCoveringInit(CancellationToken.None);
            return FinalState(session, 25);
        }

        Assert.Equal(Run(spec), Run(spec));
        Assert.NotEqual(Run(spec), Run(spec with { Seed = 5 }));
    }

    [Theory]
    [InlineData("gan")]
    [InlineData("unrolled")]
    [InlineData("veegan")]
    [InlineData("ali")]
    public void Stopping_restoring_and_continuing_equals_never_stopping(string method)
    {
        var spec = Specs.Trial("grid", method, noise: "multimodal", set: [("categories", "25"), ("batch_size", "64"), ("fixed_dataset", "true"), ("dataset_size", "5000")]);
        byte[] uninterrupted;
        using (var session = new TrialSession(spec)) uninterrupted = FinalState(session, 30);

        byte[] checkpoint;
        using (var first = new TrialSession(spec))
            checkpoint = FinalState(first, 12);
        using var resumed = new TrialSession(spec);
        Assert.Equal(12, resumed.Restore(checkpoint).Iteration);
        for (var i = 12; i < 30; i++) resumed.Step();

        Assert.Equal(uninterrupted, resumed.Checkpoint(30));
    }

    [Fact]
    public void A_cancelled_trial_checkpoints_and_resumes_to_the_same_metrics_as_an_uninterrupted_one()
    {
        var spec = Specs.Trial("ring", "gan", "covering", "multimodal", seed: 2, iterations: 60, set: [("covering_steps", "50")]);
        var straight = TrialRunner.Run(spec, new TrialRunOptions(), CancellationToken.None);

        var store = new MemoryCheckpointStore();
        using var stop = new CancellationTokenSource();
        var progress = new SyncProgress<TrialProgress>(p => { if (p.Iteration == 25) stop.Cancel(); });
        var interrupted = TrialRunner.Run(spec, new TrialRunOptions { Checkpoints = store, Progress = progress, ProgressEvery = 1 }, stop.Token);
        var resumed = TrialRunner.Run(spec, new TrialRunOptions { Checkpoints = store }, CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, straight.Outcome);
        Assert.Equal(TrialOutcome.Cancelled, interrupted.Outcome);
        Assert.Equal(25, interrupted.Iterations);
        Assert.Equal(25, store.Latest(spec.TrialId)!.Iteration);
        Assert.Equal(TrialOutcome.Completed, resumed.Outcome);
        Assert.Equal(25, resumed.StartIteration);
        Assert.Equal(60, resumed.Iterations);
        Assert.Equal(straight.Metrics, resumed.Metrics);
        Assert.Equal(straight.Categories, resumed.Categories);
        // The checkpoint carried the trace: the resumed trial's pictures are the uninterrupted one's.
        Assert.Equal(TraceFormat.Write(straight.Trace!), TraceFormat.Write(resumed.Trace!));
    }

    [Fact]
    public void Periodic_checkpoints_are_taken_at_the_requested_interval()
    {
        var spec = Specs.Trial("ring", "gan", iterations: 50, set: [("batch_size", "32")]);
        var store = new MemoryCheckpointStore();

        var result = TrialRunner.Run(spec, new TrialRunOptions { Checkpoints = store, Checkpointing = CheckpointCadence.EveryIterations(20) }, CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, result.Outcome);
        Assert.Equal(2, store.Saves);   // at 20 and 40; none at the end
        Assert.Equal(40, store.Latest(spec.TrialId)!.Iteration);
    }
}

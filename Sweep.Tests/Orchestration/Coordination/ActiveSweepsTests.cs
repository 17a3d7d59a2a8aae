using Akka.TestKit.Xunit2;
using Sweep.Orchestration.Coordination;

namespace Sweep.Tests.Orchestration.Coordination;

public sealed class ActiveSweepsTests : TestKit
{
    [Fact]
    public void A_sweep_finishes_with_its_last_trial_and_a_trial_shared_by_two_sweeps_counts_for_both()
    {
        var sweeps = new ActiveSweeps();
        var submitter = CreateTestProbe().Ref;
        Assert.False(sweeps.Start("one", ["a", "b"], submitter).Finished);
        sweeps.Start("two", ["b"], submitter);

        Assert.Empty(sweeps.TrialFinished("a"));
        var done = sweeps.TrialFinished("b");

        Assert.Equal(["one", "two"], done.Select(s => s.Name).Order());
        Assert.False(sweeps.IsRunning("one"));
        Assert.Empty(sweeps.TrialFinished("b"));
    }

    [Fact]
    public void A_sweep_with_nothing_left_to_run_is_finished_at_once_and_never_active()
    {
        var sweeps = new ActiveSweeps();
        Assert.True(sweeps.Start("done", [], CreateTestProbe().Ref).Finished);
        Assert.False(sweeps.IsRunning("done"));
    }
}

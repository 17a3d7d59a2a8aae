using Sweep.Orchestration.Coordination;

namespace Sweep.Tests.Orchestration.Coordination;

public sealed class WaitingTrialsTests
{
    [Fact]
    public void Interrupted_trials_go_first_new_ones_last_and_no_trial_waits_twice()
    {
        var waiting = new WaitingTrials();
        Assert.True(waiting.Enqueue("new1"));
        Assert.True(waiting.Enqueue("new2"));
        Assert.True(waiting.EnqueueFirst("interrupted"));
        Assert.False(waiting.Enqueue("new1"));
        Assert.False(waiting.EnqueueFirst("new2"));

        var order = new List<string>();
        while (waiting.TryDequeue(out var id)) order.Add(id);

        Assert.Equal(["interrupted", "new1", "new2"], order);
        Assert.False(waiting.Contains("new1"));
        Assert.True(waiting.Enqueue("new1"));   // out of the queue, it may wait again
    }
}

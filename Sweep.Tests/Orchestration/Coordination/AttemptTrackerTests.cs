using Sweep.Orchestration.Coordination;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>Liveness without an actor: an injected clock (plain times) drives every check.</summary>
public sealed class AttemptTrackerTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void An_attempt_is_lost_once_it_was_silent_for_longer_than_the_timeout_and_not_before()
    {
        var tracker = new AttemptTracker(Timeout, Interval);
        tracker.Begin("a", 1, Start);
        tracker.Begin("b", 1, Start);

        for (var second = 1; second <= 15; second++)
        {
            tracker.Heard("a", Start.AddSeconds(second));
            Assert.Empty(tracker.Silent(Start.AddSeconds(second)));   // b silent for exactly 15 s is not yet lost
        }

        Assert.Equal(["b"], tracker.Silent(Start.AddSeconds(16)));
        Assert.Equal(2, tracker.Count);   // lost is reported, not forgotten: the caller ends it
    }

    [Fact]
    public void Time_the_coordinator_spent_without_checking_is_not_charged_to_any_attempt()
    {
        var tracker = new AttemptTracker(Timeout, Interval);
        tracker.Begin("a", 1, Start);
        Assert.Empty(tracker.Silent(Start.AddSeconds(1)));

        // The coordinator was busy for 20 s: the next check comes 19 s late, heartbeats still unread behind it.
        Assert.Empty(tracker.Silent(Start.AddSeconds(21)));
        Assert.Empty(tracker.Silent(Start.AddSeconds(22)));

        // Of the 20 busy seconds 19 were excused (one interval between checks is normal); the silence
        // counted at second 34 is 34 - 19 = 15 s, at second 35 it is 16 s.
        for (var second = 23; second <= 34; second++) Assert.Empty(tracker.Silent(Start.AddSeconds(second)));
        Assert.Equal(["a"], tracker.Silent(Start.AddSeconds(35)));
    }

    [Fact]
    public void Only_the_current_attempt_of_a_trial_is_current_and_an_ended_one_is_not()
    {
        var tracker = new AttemptTracker(Timeout, Interval);
        tracker.Begin("a", 1, Start);
        Assert.True(tracker.IsCurrent("a", 1));

        tracker.Begin("a", 2, Start);
        Assert.False(tracker.IsCurrent("a", 1));
        Assert.True(tracker.IsCurrent("a", 2));

        tracker.End("a");
        Assert.False(tracker.IsCurrent("a", 2));
        tracker.Heard("a", Start);   // a late heartbeat does not bring it back
        Assert.Equal(0, tracker.Count);
    }
}

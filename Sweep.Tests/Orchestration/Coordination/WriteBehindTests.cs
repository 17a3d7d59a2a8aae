using Sweep.Orchestration.Coordination;
using Sweep.Store;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>Batched writes without a database: the save is a recording delegate.</summary>
public sealed class WriteBehindTests
{
    private readonly List<(List<TrialRecord> Records, Dictionary<string, byte[]> Traces)> _saves = [];

    [Fact]
    public void Many_changes_ask_for_one_flush_which_writes_each_trial_once_in_its_latest_state()
    {
        var writes = new WriteBehind();
        Assert.True(writes.Update(Trial("a", TrialState.Dispatched)));
        Assert.False(writes.Update(Trial("a", TrialState.Running)));
        Assert.False(writes.Update(Trial("b", TrialState.Dispatched)));

        var changes = writes.Flush(Save);

        var saved = Assert.Single(_saves).Records;
        Assert.Equal([("a", TrialState.Running), ("b", TrialState.Dispatched)], saved.Select(r => (r.Id, r.State)).Order());
        // Previous is the state before the batch, as the database held it.
        Assert.Equal([("a", TrialState.Pending, TrialState.Running), ("b", TrialState.Pending, TrialState.Dispatched)],
            changes.Select(c => (c.Trial.Id, c.Previous, c.Trial.State)).Order());
        Assert.True(writes.Update(Trial("a", TrialState.Completed)));   // the next change asks for a new flush
    }

    [Fact]
    public void A_trial_in_flight_stays_held_after_its_write_and_a_finished_one_is_forgotten()
    {
        var writes = new WriteBehind();
        writes.Update(Trial("running", TrialState.Running));
        writes.Update(Trial("done", TrialState.Completed));
        writes.Flush(Save);

        Assert.True(writes.Holds("running"));
        Assert.False(writes.Holds("done"));
        Assert.Empty(writes.Flush(Save));
        Assert.Single(_saves);   // nothing changed: no write at all
    }

    [Fact]
    public void Progress_kept_in_memory_is_written_with_the_trials_next_change_not_on_its_own()
    {
        var writes = new WriteBehind();
        writes.Update(Trial("a", TrialState.Running));
        writes.Flush(Save);

        writes.Refresh(Trial("a", TrialState.Running) with { Iteration = 40 });
        Assert.Empty(writes.Flush(Save));
        Assert.Equal(40, writes.Find("a")!.Iteration);

        writes.Update(writes.Find("a")! with { State = TrialState.Completed });
        writes.AddTrace("a", [1, 2, 3]);
        var change = Assert.Single(writes.Flush(Save));
        Assert.Equal((TrialState.Running, 40), (change.Previous, change.Trial.Iteration));
        Assert.Equal([1, 2, 3], _saves[^1].Traces["a"]);
    }

    [Fact]
    public void A_change_to_a_trial_seen_for_the_first_time_names_the_state_the_database_holds()
    {
        var writes = new WriteBehind();
        writes.Update(Trial("a", TrialState.Pending), stored: TrialState.Running);   // its process died while it ran
        Assert.Equal(TrialState.Running, Assert.Single(writes.Flush(Save)).Previous);
    }

    [Fact]
    public void A_failed_save_keeps_the_changes_for_the_next_flush()
    {
        var writes = new WriteBehind();
        writes.Update(Trial("a", TrialState.Completed));
        Assert.Throws<IOException>(() => writes.Flush((_, _) => throw new IOException("disk full")));
        Assert.Single(writes.Flush(Save));
    }

    private void Save(IReadOnlyCollection<TrialRecord> records, IReadOnlyDictionary<string, byte[]> traces) =>
        _saves.Add(([.. records], new Dictionary<string, byte[]>(traces)));

    private static TrialRecord Trial(string id, TrialState state) => new() { Id = id, Spec = "{}", State = state };
}

using Akka.Streams;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Sweep.Orchestration.Coordination;
using Sweep.Store;
using Sweep.Cluster.Protocol;
using Sweep.Tests.Support;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>
/// The coordinator's state machine against a real LiteDB file, with test probes playing the shard
/// region and the nodes: they see every StartTrial and answer with the reports a node would send.
/// Time is Akka's TestScheduler: it moves only when a test advances it, and "nothing more happened"
/// is checked after a round trip through the coordinator's mailbox, not by waiting.
/// </summary>
public sealed class SweepCoordinatorTests : TestKit
{
    private const string TestTime = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";

    /// <summary>Heartbeats never run out here, except in the test about them: a silent probe must not look like a lost node.</summary>
    private static readonly CoordinatorSettings Settings = new()
    {
        MaxAttempts = 3, HeartbeatTimeout = TimeSpan.FromMinutes(5), HeartbeatCheckInterval = TimeSpan.FromMilliseconds(100),
    };

    private static readonly CoordinatorSettings ShortHeartbeats = Settings with { HeartbeatTimeout = TimeSpan.FromMilliseconds(600) };

    private readonly TempDatabase _database = new();
    private readonly SweepStore _store;
    private readonly TestProbe _region;
    private readonly TestProbe _observer;
    private readonly TestProbe _sync;
    private IActorRef _coordinator;

    public SweepCoordinatorTests() : base(TestTime)
    {
        _store = _database.Open();
        _region = CreateTestProbe();
        _observer = CreateTestProbe();
        _sync = CreateTestProbe();
        _coordinator = StartCoordinator(Settings);
    }

    private TestScheduler Time => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void Dispatch_is_windowed_by_the_free_slots_registered()
    {
        Submit(SweepFiles.Ring("window", seeds: 6));
        RegisterNode("a", slots: 2);

        var first = _region.ExpectMsg<StartTrial>();
        var second = _region.ExpectMsg<StartTrial>();
        ExpectNothingMore(_region);
        Assert.NotEqual(first.TrialId, second.TrialId);

        Complete(first);
        var third = _region.ExpectMsg<StartTrial>();
        Assert.DoesNotContain(third.TrialId, new[] { first.TrialId, second.TrialId });
        ExpectNothingMore(_region);

        RegisterNode("b", slots: 1);
        Assert.Equal("b", _region.ExpectMsg<StartTrial>().NodeKey);
    }

    [Fact]
    public void A_report_from_a_member_the_attempt_was_not_dispatched_to_is_ignored()
    {
        Submit(SweepFiles.Ring("foreign", seeds: 1));
        RegisterNode("a", slots: 1);
        var start = _region.ExpectMsg<StartTrial>();
        using var elsewhere = ActorSystem.Create("intruder");
        var intruder = CreateTestProbe(elsewhere);

        // Made-up results for the running attempt, from another member: neither finish nor fail it.
        EventFilter.Warning(contains: "the attempt runs on node a").ExpectOne(() =>
            intruder.Send(_coordinator, new TrialEnded(start.TrialId, start.Attempt, Completed(start.TrialId, modes: 1))));
        ExpectNothingMore(_region);
        Assert.Equal(TrialState.Dispatched, _store.FindTrial(start.TrialId)!.State);

        Complete(start);
        Assert.Equal(8, ExpectFinal().Metrics!.Modes);
    }

    [Fact]
    public void An_attempt_is_stored_before_it_is_sent_so_a_restarted_coordinator_never_gives_its_number_again()
    {
        Submit(SweepFiles.Ring("durable", seeds: 2));
        RegisterNode("a", slots: 2);

        // No scheduler time has passed, so no write-behind flush has run: only the dispatch itself stored these.
        foreach (var start in new[] { _region.ExpectMsg<StartTrial>(), _region.ExpectMsg<StartTrial>() })
        {
            var stored = _store.FindTrial(start.TrialId)!;
            Assert.Equal((TrialState.Dispatched, start.Attempt, "a"), (stored.State, stored.Attempt, stored.Node));
        }
    }

    [Fact]
    public void A_retryable_failure_runs_again_until_the_attempts_are_used_up_then_the_trial_is_abandoned()
    {
        Submit(SweepFiles.Ring("retry", seeds: 1));
        RegisterNode("a", slots: 1);

        for (var attempt = 1; attempt <= Settings.MaxAttempts; attempt++)
        {
            var start = _region.ExpectMsg<StartTrial>();
            Assert.Equal(attempt, start.Attempt);
            Report(new TrialEnded(start.TrialId, start.Attempt, Failed(start.TrialId, retryable: true)));
        }

        ExpectNothingMore(_region);
        var abandoned = ExpectFinal();
        Assert.Equal(TrialState.Abandoned, abandoned.State);
        Assert.Contains("giving up", abandoned.Error);
        _observer.FishForMessage<SweepFinished>(_ => true);
        Assert.Equal(TrialState.Abandoned, _store.FindTrial(abandoned.Id)!.State);
    }

    [Fact]
    public void A_failure_that_is_not_retryable_is_final_at_once()
    {
        Submit(SweepFiles.Ring("nan", seeds: 1));
        RegisterNode("a", slots: 1);

        var start = _region.ExpectMsg<StartTrial>();
        Report(new TrialEnded(start.TrialId, 1, Failed(start.TrialId, retryable: false)));

        var failed = ExpectFinal();
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Equal(1, failed.Attempt);
        ExpectNothingMore(_region);
    }

    [Fact]
    public void Reports_from_an_older_attempt_are_dropped_and_a_trial_is_final_once()
    {
        Submit(SweepFiles.Ring("stale", seeds: 1));
        RegisterNode("a", slots: 1);
        var first = _region.ExpectMsg<StartTrial>();
        Report(new TrialEnded(first.TrialId, 1, Failed(first.TrialId, retryable: true)));
        var second = _region.ExpectMsg<StartTrial>();
        Assert.Equal(2, second.Attempt);
        _observer.FishForMessage<TrialChanged>(c => c.Trial.Attempt == 2);

        // The first attempt's node wakes up late and claims success: ignored.
        Report(new TrialStarted(first.TrialId, 1, "a", "cpu", 0));
        Report(new TrialEnded(first.TrialId, 1, Completed(first.TrialId, modes: 1)));
        ExpectNothingMore(_observer);
        Assert.NotEqual(TrialState.Completed, _store.FindTrial(first.TrialId)!.State);

        Report(new TrialEnded(second.TrialId, 2, Completed(second.TrialId, modes: 7)));
        Report(new TrialEnded(second.TrialId, 2, Completed(second.TrialId, modes: 3)));   // a duplicate
        var completed = ExpectFinal();
        Assert.Equal((TrialState.Completed, 7, 2), (completed.State, completed.Metrics!.Modes!.Value, completed.Attempt));
        _observer.FishForMessage<SweepFinished>(_ => true);
        ExpectNothingMore(_observer);
        Assert.Equal(7, _store.FindTrial(first.TrialId)!.Modes);
    }

    [Fact]
    public void An_attempt_that_stops_sending_heartbeats_is_lost_once_silent_for_longer_than_the_timeout_and_dispatched_again()
    {
        Watch(_coordinator);
        Sys.Stop(_coordinator);
        ExpectTerminated(_coordinator);
        _coordinator = StartCoordinator(ShortHeartbeats);
        Submit(SweepFiles.Ring("silent", seeds: 2));
        RegisterNode("a", slots: 2);
        var beating = _region.ExpectMsg<StartTrial>();
        var silent = _region.ExpectMsg<StartTrial>();
        Report(new TrialStarted(beating.TrialId, 1, "a", "cpu", 0));
        Report(new TrialStarted(silent.TrialId, 1, "a", "cpu", 0));

        // Only one of the two beats, every 100 ms of scheduler time; the timeout is 600 ms.
        for (var step = 0; step < 6; step++) Beat(beating);
        ExpectNothingMore(_region);   // silent for exactly the timeout: not yet lost

        Beat(beating);
        // The lost attempt is told to stop (it may still be training in a slot the coordinator now counts as free), then runs again.
        var stop = _region.ExpectMsg<StopTrial>();
        Assert.Equal((silent.TrialId, 1, "a"), (stop.TrialId, stop.Attempt, stop.NodeKey));
        var again = _region.ExpectMsg<StartTrial>();
        Assert.Equal((silent.TrialId, 2), (again.TrialId, again.Attempt));
        var redispatched = _observer.FishForMessage<TrialChanged>(c => c.Trial.Id == silent.TrialId && c.Trial.Attempt == 2).Trial;
        Assert.Equal(1, redispatched.Failures);
        Assert.Contains("no heartbeat", redispatched.Error);
        ExpectNothingMore(_region);   // the beating one was never lost
    }

    /// <summary>A heartbeat from the trial, then 100 ms of scheduler time and the check it brings, handled.</summary>
    private void Beat(StartTrial trial)
    {
        Report(new TrialHeartbeat(trial.TrialId, trial.Attempt, 10, 50, 0.7, 0.7));
        Settle();
        Time.Advance(ShortHeartbeats.HeartbeatCheckInterval);
        Settle();
    }

    [Fact]
    public async Task A_node_that_leaves_has_its_trials_dispatched_to_another_node_from_their_streamed_checkpoints()
    {
        Submit(SweepFiles.Ring("leave", seeds: 1));
        var nodeA = RegisterNode("a", slots: 1);
        var start = _region.ExpectMsg<StartTrial>();
        Report(new TrialStarted(start.TrialId, 1, "a", "cpu", 0));
        // Larger than a remote frame: it streams in pieces both ways.
        var checkpoint = new byte[CheckpointStreams.PieceBytes * 2 + 1000];
        new Random(7).NextBytes(checkpoint);
        OfferCheckpoint(start.TrialId, 1, 20, checkpoint);

        RegisterNode("b", slots: 1);
        Watch(nodeA.Ref);
        Sys.Stop(nodeA.Ref);
        ExpectTerminated(nodeA.Ref);

        var again = _region.ExpectMsg<StartTrial>();
        Assert.Equal((start.TrialId, 2, "b", true), (again.TrialId, again.Attempt, again.NodeKey, again.Resumes));
        var from = _region.ExpectMsg<ResumeFrom>(Patience);
        Assert.Equal((start.TrialId, 2, "b", 20), (from.TrialId, from.Attempt, from.NodeKey, from.Iteration));
        Assert.Equal(checkpoint, await CheckpointStreams.Receive(from.Bytes!, from.Length, from.Sha256!, Sys.Materializer()));
        // Changes reach the database in batches; the observer hears of one only after it was written.
        _observer.FishForMessage<TrialChanged>(c => c.Trial.Id == start.TrialId && c.Trial.Attempt == 2);
        Assert.Equal(1, _store.FindTrial(start.TrialId)!.Failures);
    }

    [Fact]
    public void A_trace_in_pieces_is_stored_with_its_trials_final_result_and_a_cancelled_attempts_is_not()
    {
        Submit(SweepFiles.Ring("traces", seeds: 2));
        RegisterNode("a", slots: 2);
        var (kept, cut) = (_region.ExpectMsg<StartTrial>(), _region.ExpectMsg<StartTrial>());
        var trace = new byte[PayloadChunks.ChunkBytes + 500];
        new Random(3).NextBytes(trace);

        foreach (var start in new[] { kept, cut })
            foreach (var (index, count, part) in PayloadChunks.Split(trace))
                Report(new TrialTraceChunk(start.TrialId, 1, index, count, part));
        Complete(kept);
        Report(new TrialEnded(cut.TrialId, 1, new TrialResult(cut.TrialId, TrialOutcome.Cancelled, null, 10, 0, 0.1, "cpu", null, null)));

        Assert.Equal(kept.TrialId, ExpectFinal().Id);
        Assert.Equal(trace, _store.FindTrace(kept.TrialId));
        Assert.Equal(cut.TrialId, _region.ExpectMsg<StartTrial>().TrialId);   // requeued, its trace dropped
        Assert.Null(_store.FindTrace(cut.TrialId));
    }

    [Fact]
    public void A_node_leaving_on_purpose_hands_its_trials_back_without_using_up_an_attempt()
    {
        Submit(SweepFiles.Ring("handover", seeds: 2));
        var nodeA = RegisterNode("a", slots: 2);
        var starts = new[] { _region.ExpectMsg<StartTrial>(), _region.ExpectMsg<StartTrial>() };
        foreach (var start in starts) Report(new TrialStarted(start.TrialId, 1, "a", "cpu", 0));

        nodeA.Send(_coordinator, new NodeLeaving("a"));
        var stops = new[] { _region.ExpectMsg<StopTrial>(), _region.ExpectMsg<StopTrial>() };
        Assert.Equal(starts.Select(s => s.TrialId).Order(), stops.Select(s => s.TrialId).Order());
        ExpectNothingMore(nodeA);   // not released while a trial still runs there

        OfferCheckpoint(starts[0].TrialId, 1, 40, [4, 0]);
        foreach (var start in starts)
            Report(new TrialEnded(start.TrialId, 1, new TrialResult(start.TrialId, TrialOutcome.Cancelled, null, 40, 0, 0.1, "cpu", null, null)));
        nodeA.ExpectMsg<NodeReleased>();
        ExpectNothingMore(_region);   // nothing goes back to the leaving node

        RegisterNode("b", slots: 2);
        var commands = Enumerable.Range(0, 3).Select(_ => _region.ExpectMsg<ITrialCommand>(Patience)).ToList();
        var resumed = commands.OfType<StartTrial>().Single(s => s.TrialId == starts[0].TrialId);
        var from = commands.OfType<ResumeFrom>().Single();
        Assert.Equal((2, "b", true), (resumed.Attempt, resumed.NodeKey, resumed.Resumes));
        Assert.Equal((starts[0].TrialId, 2, 40), (from.TrialId, from.Attempt, from.Iteration));
        Assert.False(commands.OfType<StartTrial>().Single(s => s.TrialId == starts[1].TrialId).Resumes);   // it had no checkpoint
        Assert.All(starts, s => Assert.Equal(0, _store.FindTrial(s.TrialId)!.Failures));
    }

    [Fact]
    public void A_node_that_registers_again_from_a_new_incarnation_loses_the_old_ones_trials_and_keeps_the_new_registration()
    {
        Submit(SweepFiles.Ring("restart", seeds: 1));
        var first = RegisterNode("a", slots: 1);
        var start = _region.ExpectMsg<StartTrial>();
        Report(new TrialStarted(start.TrialId, 1, "a", "cpu", 0));

        RegisterNode("a", slots: 1);   // the same host:port, a new agent: the process restarted
        var again = _region.ExpectMsg<StartTrial>();
        Assert.Equal((start.TrialId, 2, "a"), (again.TrialId, again.Attempt, again.NodeKey));

        Sys.Stop(first.Ref);   // the old incarnation's death arrives late and changes nothing
        ExpectNothingMore(_region);
        Report(new TrialStarted(again.TrialId, 2, "a", "cpu", 0));
        Complete(again);
        Assert.Equal((TrialState.Completed, 2), (ExpectFinal().State, _store.FindTrial(start.TrialId)!.Attempt));
    }

    [Fact]
    public void An_attempt_that_resumes_on_another_processor_records_both_and_one_that_starts_over_only_its_own()
    {
        Submit(SweepFiles.Ring("moved", seeds: 2));
        RegisterNode("a", slots: 2);
        var starts = new[] { _region.ExpectMsg<StartTrial>(), _region.ExpectMsg<StartTrial>() };
        foreach (var start in starts) Report(new TrialStarted(start.TrialId, 1, "a", "cpu", 0, "CPU A"));

        RegisterNode("a", slots: 2);   // a new incarnation: both go again, as a moved database's trials would
        var again = new[] { _region.ExpectMsg<StartTrial>(), _region.ExpectMsg<StartTrial>() }.ToDictionary(s => s.TrialId);
        var (resumed, restarted) = (again[starts[0].TrialId], again[starts[1].TrialId]);
        Report(new TrialStarted(resumed.TrialId, 2, "a", "cpu", 40, "CPU B"));
        Report(new TrialStarted(restarted.TrialId, 2, "a", "cpu", 0, "CPU B"));
        Complete(resumed);
        Complete(restarted);

        var final = new[] { ExpectFinal(), ExpectFinal() }.ToDictionary(t => t.Id);
        Assert.Equal("CPU A, then CPU B", final[resumed.TrialId].Processor);   // its checkpoint was made on A
        Assert.Equal("CPU B", final[restarted.TrialId].Processor);
    }

    [Fact]
    public void Drain_stops_running_trials_which_become_pending_with_their_checkpoints()
    {
        Submit(SweepFiles.Ring("drain", seeds: 3));
        RegisterNode("a", slots: 2);
        var one = _region.ExpectMsg<StartTrial>();
        var two = _region.ExpectMsg<StartTrial>();
        Report(new TrialStarted(one.TrialId, 1, "a", "cpu", 0));

        _observer.Send(_coordinator, new Drain());
        var stops = new[] { _region.ExpectMsg<StopTrial>(), _region.ExpectMsg<StopTrial>() };
        Assert.Equal(new[] { one.TrialId, two.TrialId }.Order(), stops.Select(s => s.TrialId).Order());

        OfferCheckpoint(one.TrialId, 1, 30, [9]);
        Report(new TrialEnded(one.TrialId, 1, new TrialResult(one.TrialId, TrialOutcome.Cancelled, null, 30, 0, 0.1, "cpu", null, null)));
        Report(new TrialEnded(two.TrialId, 1, new TrialResult(two.TrialId, TrialOutcome.Cancelled, null, 0, 0, 0, "cpu", null, null)));

        Assert.Equal(2, _observer.FishForMessage<Drained>(_ => true).Interrupted);
        ExpectNothingMore(_region);
        var stored = _store.FindTrial(one.TrialId)!;
        Assert.Equal((TrialState.Pending, 0, 30), (stored.State, stored.Failures, stored.Iteration));
        Assert.Equal(30, _store.LatestCheckpoint(one.TrialId)!.Iteration);
    }

    [Fact]
    public void A_finished_sweep_submitted_again_runs_nothing_and_a_changed_grid_is_refused_naming_the_change()
    {
        Submit(SweepFiles.Ring("again", seeds: 1));
        RegisterNode("a", slots: 1);
        var start = _region.ExpectMsg<StartTrial>();
        Report(new TrialEnded(start.TrialId, 1, Completed(start.TrialId, modes: 5)));
        _observer.FishForMessage<SweepFinished>(_ => true);

        var accepted = Submit(SweepFiles.Ring("again", seeds: 1));
        Assert.Equal(0, accepted.Unfinished);
        Assert.Equal(1, accepted.Counts[TrialState.Completed]);
        _observer.FishForMessage<SweepFinished>(_ => true);
        ExpectNothingMore(_region);

        _observer.Send(_coordinator, new SubmitSweep(SweepFiles.Ring("again", seeds: 2), "again.yaml", Extend: false));
        var refused = _observer.FishForMessage<SweepRefused>(_ => true);
        Assert.Contains("seed: added 2", refused.Reason);
        Assert.Contains("--extend", refused.Reason);
        Assert.Single(_store.FindSweep("again")!.TrialIds);

        _observer.Send(_coordinator, new SubmitSweep(SweepFiles.Ring("again", seeds: 2), "again.yaml", Extend: true));
        var extended = _observer.FishForMessage<SweepAccepted>(_ => true);
        Assert.Equal((2, 1), (extended.Total, extended.Unfinished));
        Assert.DoesNotContain(start.TrialId, _observer.FishForMessage<SweepTrialsListed>(_ => true).TrialIds);
        Assert.NotEqual(start.TrialId, _region.ExpectMsg<StartTrial>().TrialId);
        Assert.Equal(5, _store.FindTrial(start.TrialId)!.Modes);
    }

    [Fact]
    public void A_malformed_report_costs_its_attempt_and_the_coordinator_goes_on_scheduling()
    {
        Submit(SweepFiles.Ring("malformed", seeds: 2));
        RegisterNode("a", slots: 1);
        var first = _region.ExpectMsg<StartTrial>();
        Report(new TrialStarted(first.TrialId, 1, "a", "cpu", 0));

        // Completed, but with no metrics: a node's bug, or a forgery.
        Report(new TrialEnded(first.TrialId, 1, new TrialResult(first.TrialId, TrialOutcome.Completed, null, 50, 0, 0.1, "cpu", null, null)));

        var stop = _region.FishForMessage<StopTrial>(_ => true);
        Assert.Equal((first.TrialId, 1), (stop.TrialId, stop.Attempt));
        var next = _region.ExpectMsg<StartTrial>();
        Report(new TrialStarted(next.TrialId, next.Attempt, "a", "cpu", 0));
        Report(new TrialEnded(next.TrialId, next.Attempt, Completed(next.TrialId, modes: 6)));
        // The coordinator went on: the next trial completed, and the malformed attempt counts as one failure.
        AwaitAssert(() =>
        {
            Assert.Equal(TrialState.Completed, _store.FindTrial(next.TrialId)!.State);
            var malformed = _store.FindTrial(first.TrialId)!;
            Assert.Equal(1, malformed.Failures);
            Assert.Contains("node a sent a malformed TrialEnded: it completed without metrics", malformed.Error);
        });
    }

    [Fact]
    public void A_stored_sweep_that_no_longer_validates_is_not_resumed_and_the_log_says_why()
    {
        var spec = Specs.Trial("ring", "gan");
        _store.SaveSweep(new SweepRecord { Name = "bad", Definition = "name: bad\ngrid: { dataset: rings, method: gan }", TrialIds = [spec.TrialId] },
            [new TrialRecord { Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Pending }]);

        EventFilter.Warning(contains: "Not resuming").ExpectOne(() => StartCoordinator(Settings with { ResumeStoredSweeps = true }));

        RegisterNode("a", slots: 1);
        ExpectNothingMore(_region);
    }

    /// <summary>
    /// Everything sent to the coordinator before this call has been handled, and so have the
    /// messages it sent itself meanwhile (a flush): two round trips through its mailbox.
    /// </summary>
    [Fact]
    public void A_live_copy_is_handed_an_admitted_sweep_as_a_read_its_trials_stored_before_as_the_database_holds_them()
    {
        Submit(SweepFiles.Ring("before", seeds: 2));
        RegisterNode("a", slots: 1);
        var done = _region.ExpectMsg<StartTrial>();
        Complete(done);
        ExpectFinal();
        var copy = CreateTestProbe();
        copy.Send(_coordinator, new Subscribe(Batched: true));

        var accepted = Submit(SweepFiles.Ring("after", seeds: 3));   // seeds 1 and 2 are the first sweep's trials

        var reading = copy.FishForMessage<SweepReading>(r => r.Name == "after");
        var read = copy.FishForMessage<SweepRead>(r => r.Name == "after");
        Assert.Equal((reading.Read, true, 3), (read.Read, read.Last, accepted.Total));
        Assert.Equal(_store.FindSweep("after")!.TrialIds, read.Sweep!.TrialIds);
        Assert.Equal(read.Sweep.TrialIds, read.Trials.Select(t => t.Id));
        var completed = Assert.Single(read.Trials, t => t.State == TrialState.Completed);
        Assert.Equal((done.TrialId, 8), (completed.Id, completed.Metrics!.Modes));
        Assert.Equal(2, read.Trials.Count(t => t.State is TrialState.Pending or TrialState.Dispatched));
        Settle();
        while (copy.HasMessages) Assert.IsNotType<SweepStored>(copy.ReceiveOne(TimeSpan.Zero));   // the read was instead of it

        copy.Send(_coordinator, new ReadSweep("after"));
        Assert.True(copy.FishForMessage<SweepReading>(_ => true).Read > reading.Read, "a read asked for later has a later number");
    }

    [Fact]
    public void A_trial_goes_only_to_a_node_with_a_device_large_enough_and_one_that_fits_nowhere_waits_without_holding_back_others()
    {
        Submit(SweepFiles.Ring("large", seeds: 1, extra: "set:\n  g_width: 2048"));   // queued first
        Submit(SweepFiles.Ring("small", seeds: 1));
        (string Id, long Bytes) Need(string sweep) => _store.FindTrial(_store.FindSweep(sweep)!.TrialIds.Single())! is var t
            ? (t.Id, TrialMemory.Of(TrialSpec.FromJson(t.Spec)).Bytes) : default;
        var (large, small) = (Need("large"), Need("small"));
        Assert.True(large.Bytes > small.Bytes, "a generator 2048 wide needs more memory");

        var modest = CreateTestProbe();
        EventFilter.Warning(contains: $"Trial {large.Id} needs about").ExpectOne(() =>
        {
            modest.Send(_coordinator, new RegisterNode("modest", ["cpu", "cpu"], new Dictionary<string, long> { ["cpu"] = small.Bytes }));
            modest.ExpectMsg<NodeRegistered>();
            var started = _region.ExpectMsg<StartTrial>();
            Assert.Equal((small.Id, "modest"), (started.TrialId, started.NodeKey));
        });
        ExpectNothingMore(_region);   // the large trial, first in the queue, fits no free slot: it waits, and the small one went past it

        var big = CreateTestProbe();
        big.Send(_coordinator, new RegisterNode("big", ["cuda:0"], new Dictionary<string, long> { ["cuda:0"] = large.Bytes }));
        big.ExpectMsg<NodeRegistered>();
        var placed = _region.ExpectMsg<StartTrial>();
        Assert.Equal((large.Id, "big"), (placed.TrialId, placed.NodeKey));
        _sync.Send(_coordinator, new ListNodes());
        Assert.Equal(large.Bytes, _sync.ExpectMsg<NodeList>().Nodes.Single(n => n.Key == "big").Memory!["cuda:0"]);
    }

    private void Settle()
    {
        for (var round = 0; round < 2; round++)
        {
            _sync.Send(_coordinator, new ListNodes());
            _sync.ExpectMsg<NodeList>();
        }
    }

    private void ExpectNothingMore(TestProbe probe)
    {
        Settle();
        Assert.False(probe.HasMessages, $"{probe.Ref.Path.Name} got {(probe.HasMessages ? probe.ReceiveOne(TimeSpan.Zero)?.GetType().Name : "")}");
    }

    private IActorRef StartCoordinator(CoordinatorSettings settings)
    {
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(_store, _region.Ref, settings));
        _observer.Send(coordinator, new Subscribe());
        return coordinator;
    }

    private SweepAccepted Submit(string yaml)
    {
        _observer.Send(_coordinator, new SubmitSweep(yaml, "test.yaml", Extend: false));
        return _observer.FishForMessage<SweepAccepted>(_ => true);
    }

    private TestProbe RegisterNode(string key, int slots)
    {
        var agent = CreateTestProbe();
        agent.Send(_coordinator, new RegisterNode(key, Enumerable.Repeat("cpu", slots).ToList()));
        agent.ExpectMsg<NodeRegistered>();
        return agent;
    }

    private void Report(ITrialReport report) => _coordinator.Tell(report, _region.Ref);

    /// <summary>Streams from the coordinator's own process take real time, unlike its scheduler.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Offers a checkpoint as a node's entity does, and waits for the coordinator to say it is stored.</summary>
    private void OfferCheckpoint(string trialId, int attempt, int iteration, byte[] bytes)
    {
        var source = CheckpointStreams.Offer(bytes, Sys.Materializer()).Result;
        Report(new TrialCheckpointOffer(trialId, attempt, iteration, bytes.Length, TrialCheckpoint.Sha256Of(bytes), source));
        var answer = _region.ExpectMsg<CheckpointAnswered>(Patience);
        Assert.Equal((trialId, attempt, iteration, true), (answer.TrialId, answer.Attempt, answer.Iteration, answer.Stored));
    }

    private void Complete(StartTrial start) => Report(new TrialEnded(start.TrialId, start.Attempt, Completed(start.TrialId, modes: 8)));

    private TrialStatus ExpectFinal() =>
        _observer.FishForMessage<TrialChanged>(c => c.Trial.State is TrialState.Completed or TrialState.Failed or TrialState.Abandoned).Trial;

    private static TrialResult Completed(string trialId, int modes) =>
        new(trialId, TrialOutcome.Completed, new TrialMetrics(modes, 8, 0.5), 50, 0, 0.2, "cpu", null, null);

    private static TrialResult Failed(string trialId, bool retryable) =>
        new(trialId, TrialOutcome.Failed, null, 10, 0, 0.1, "cpu", null, new TrialFailure(retryable ? "worker crashed" : "generator loss is NaN", retryable));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);   // stops the coordinator before its store closes
        if (!disposing) return;
        _store.Dispose();
        _database.Dispose();
    }
}

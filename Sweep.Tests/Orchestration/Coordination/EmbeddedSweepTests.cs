using System.Collections.Concurrent;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Store;
using Sweep.Cluster.Trials;
using Sweep.Tests.Support;
using Sweep.Training.Running;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>
/// Whole sweeps through the real embedded path: a one-node Akka cluster on loopback, the
/// coordinator singleton, the shard region with its trial entities and slot gate, and a real
/// LiteDB file. Only the training is replaced, by a trainer without tensors.
/// </summary>
public sealed class EmbeddedSweepTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Every_trial_is_trained_once_and_never_more_at_once_than_the_slots()
    {
        var trainer = new SteppingTrainer(TimeSpan.FromMilliseconds(2));
        using var store = _database.Open();

        var outcome = await SweepRun.RunAsync(store, Options(trainer, slots: 3), Submit(SweepFiles.Ring("slots", seeds: 6, inits: "normal, covering")),
            new RecordingView(), CancellationToken.None);

        Assert.Equal(RunEnd.Finished, outcome.End);
        var trials = store.Trials(store.FindSweep("slots")!.TrialIds);
        Assert.Equal(12, trials.Count);
        Assert.All(trials, t => Assert.Equal((TrialState.Completed, 1), (t.State, t.Attempt)));
        Assert.All(trials, t => Assert.Equal("cpu", t.Device));   // the slot's device, recorded when the trial started on it
        Assert.All(trials, t => Assert.Equal(Cluster.Hosting.ProcessorsTests.FlushingCpu(), t.Processor));   // and what that device is (flushing, the default)
        Assert.All(trainer.Calls.Values, calls => Assert.Equal(1, calls));
        Assert.Equal(12, trainer.Calls.Count);
        Assert.Equal(3, trainer.MaxRunning);
    }

    [Fact]
    public async Task Cancelling_checkpoints_the_running_trials_and_the_next_run_resumes_them_and_reruns_nothing_completed()
    {
        var slow = new SteppingTrainer(TimeSpan.FromMilliseconds(50));
        var view = new RecordingView();
        using (var store = _database.Open())
        {
            using var cancel = new CancellationTokenSource();
            var completed = new ConcurrentDictionary<string, bool>();
            var startedAfterACompletion = new ConcurrentDictionary<string, bool>();
            view.OnChange = change =>
            {
                if (change.Trial.State == TrialState.Completed) completed[change.Trial.Id] = true;
                else if (change.Trial.State == TrialState.Running && !completed.IsEmpty) startedAfterACompletion[change.Trial.Id] = true;
            };
            // Stop once a trial that started after a completion is well into its budget. The first two
            // start together and may both complete: "as soon as one completes" raced, and so did "a
            // trial not completed yet" (the second's last progress came before its completion, and
            // the only trial interrupted was the third, at its first iteration).
            view.OnProgress = progress =>
            {
                if (startedAfterACompletion.ContainsKey(progress.TrialId) && progress.Iteration >= 10) cancel.Cancel();
            };
            var first = await SweepRun.RunAsync(store, Options(slow, slots: 2), Submit(SweepFiles.Ring("resume", seeds: 4, iterations: 40)), view, cancel.Token);
            Assert.Equal(RunEnd.Interrupted, first.End);
            Assert.InRange(first.Interrupted, 1, 2);
        }

        var completedFirst = view.Changes.Where(c => c.Trial.State == TrialState.Completed).Select(c => c.Trial.Id).ToHashSet();
        var interrupted = view.Changes.Where(c => c.Trial.State == TrialState.Pending && c.Previous == TrialState.Running).Select(c => c.Trial).ToList();
        Assert.NotEmpty(completedFirst);
        Assert.NotEmpty(interrupted);
        Assert.Contains(interrupted, t => t.Iteration >= 10);

        var fast = new SteppingTrainer(TimeSpan.FromMilliseconds(1));
        using (var store = _database.Open())
        {
            var second = await SweepRun.RunAsync(store, Options(fast, slots: 2), Submit(SweepFiles.Ring("resume", seeds: 4, iterations: 40)), new RecordingView(), CancellationToken.None);
            Assert.Equal(RunEnd.Finished, second.End);
            Assert.All(store.Trials(store.FindSweep("resume")!.TrialIds), t => Assert.Equal(TrialState.Completed, t.State));
        }

        Assert.Empty(completedFirst.Intersect(fast.Calls.Keys));
        Assert.All(interrupted, t => Assert.Equal(t.Iteration, fast.StartIterations[t.Id]));
    }

    [Fact]
    public async Task A_trainer_that_breaks_its_contract_costs_each_trial_its_attempts_and_the_run_still_ends()
    {
        using var store = _database.Open();

        var outcome = await SweepRun.RunAsync(store, Options(new CompletedWithoutMetrics(), slots: 1), Submit(SweepFiles.Ring("broken", seeds: 2)),
            new RecordingView(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RunEnd.Finished, outcome.End);
        Assert.All(store.Trials(store.FindSweep("broken")!.TrialIds), t =>
        {
            Assert.Equal((TrialState.Abandoned, 3), (t.State, t.Failures));
            Assert.Contains("malformed TrialEnded: it completed without metrics", t.Error);
        });
    }

    [Fact]
    public async Task A_store_that_fails_under_the_coordinator_ends_the_run_with_its_reason_instead_of_hanging()
    {
        var store = _database.Open();
        var view = new RecordingView();
        // The database goes away under the running sweep: the next write cannot happen.
        view.OnChange = change =>
        {
            if (change.Trial.State == TrialState.Running) store.Dispose();
        };

        var outcome = await SweepRun.RunAsync(store, Options(new SteppingTrainer(TimeSpan.FromMilliseconds(20)), slots: 1),
            Submit(SweepFiles.Ring("failing", seeds: 2, iterations: 40)), view, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RunEnd.Faulted, outcome.End);
        Assert.StartsWith("the coordinator failed on ", outcome.Message);
        Assert.Contains("disposed", outcome.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_trial_whose_process_keeps_dying_without_progress_is_abandoned_and_the_others_run()
    {
        var trainer = new SteppingTrainer(TimeSpan.FromMilliseconds(2));
        using var store = _database.Open();
        using (var stop = new CancellationTokenSource())
        {
            // Store the sweep's trials, then stop before any runs.
            var view = new RecordingView { OnChange = _ => stop.Cancel() };
            await SweepRun.RunAsync(store, Options(trainer, slots: 1), Submit(SweepFiles.Ring("crashy", seeds: 3)), view, stop.Token).WaitAsync(TimeSpan.FromSeconds(60));
        }

        var ids = store.FindSweep("crashy")!.TrialIds;
        var checkpoints = store.CheckpointIterations();
        // As its process left them: the first died four times before at its current checkpoint, the
        // second four times too but has checkpointed since, the third once.
        store.Save([
            store.FindTrial(ids[0])! with { State = TrialState.Running, Interruptions = 4, InterruptedAtCheckpoint = checkpoints.GetValueOrDefault(ids[0]) },
            store.FindTrial(ids[1])! with { State = TrialState.Running, Interruptions = 4, InterruptedAtCheckpoint = checkpoints.GetValueOrDefault(ids[1]) - 1 },
            store.FindTrial(ids[2])! with { State = TrialState.Dispatched },
        ]);
        trainer.Calls.Clear();

        var outcome = await SweepRun.RunAsync(store, Options(trainer, slots: 1), Submit(SweepFiles.Ring("crashy", seeds: 3)), new RecordingView(), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RunEnd.Finished, outcome.End);
        var crashing = store.FindTrial(ids[0])!;
        Assert.Equal((TrialState.Abandoned, 5), (crashing.State, crashing.Interruptions));
        Assert.Contains("its process died 5 times in a row while it ran", crashing.Error);
        Assert.False(trainer.Calls.ContainsKey(ids[0]));
        Assert.Equal((TrialState.Completed, 1), (store.FindTrial(ids[1])!.State, store.FindTrial(ids[1])!.Interruptions));
        Assert.Equal((TrialState.Completed, 1), (store.FindTrial(ids[2])!.State, store.FindTrial(ids[2])!.Interruptions));
    }

    /// <summary>A trainer that breaks its contract: "completed" with no metrics.</summary>
    private sealed class CompletedWithoutMetrics : ITrialTrainer
    {
        public Sweep.Training.Running.TrialResult Train(Sweep.Training.Specs.TrialSpec spec, Sweep.Training.Running.TrialRunOptions options, CancellationToken cancellation) =>
            new(spec.TrialId, Sweep.Training.Running.TrialOutcome.Completed, null, 1, 0, 0, "none", null, null);
    }

    private static EmbeddedOptions Options(ITrialTrainer trainer, int slots) => new()
    {
        Slots = slots,
        Trainer = trainer,
        Entity = new TrialEntitySettings { HeartbeatInterval = TimeSpan.FromMilliseconds(200), ProgressEvery = 5, Checkpointing = CheckpointCadence.EveryIterations(10) },
    };

    private static SubmitSweep Submit(string yaml) => new(yaml, "test.yaml", Extend: false);

    public void Dispose() => _database.Dispose();

    private sealed class RecordingView : ISweepView
    {
        public ConcurrentQueue<TrialChanged> Changes { get; } = new();
        public Action<TrialChanged>? OnChange { get; set; }
        public Action<TrialProgressed>? OnProgress { get; set; }

        public void Accepted(SweepAccepted accepted)
        {
        }

        public void Changed(TrialChanged change)
        {
            Changes.Enqueue(change);
            OnChange?.Invoke(change);
        }

        public void Progressed(TrialProgressed progress) => OnProgress?.Invoke(progress);
    }
}

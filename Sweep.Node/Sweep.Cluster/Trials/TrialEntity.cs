using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Sweep.Cluster.Protocol;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;

namespace Sweep.Cluster.Trials;

/// <summary>
/// One trial in the shard region. It waits for a slot on its node, trains on a thread of its own
/// (TorchSharp's dispose scopes are per thread), sends heartbeats with the latest progress, hands
/// checkpoints to the coordinator and reports the end of each attempt, its trace first. A newer
/// attempt replaces an older one; an older attempt's commands are ignored.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor's resources end in PostStop, not Dispose.")]
public sealed class TrialEntity : ReceiveActor, IWithTimers, IWithStash
{
    private readonly string _trialId;
    private readonly ITrialTrainer _trainer;
    private readonly IActorRef _coordinator;
    private readonly IActorRef _slots;
    private readonly TrialEntitySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private int _highestAttempt;
    private StartTrial? _current;
    private bool _stopRequested;
    private int _slot = -1;
    private string _device = "";
    private TrialProgress? _latest;
    private ChunkAssembly _checkpointParts = new();
    private byte[]? _checkpoint;
    private CancellationTokenSource? _cancellation;

    public TrialEntity(string trialId, ITrialTrainer trainer, IActorRef coordinator, IActorRef slots, TrialEntitySettings settings)
    {
        _trialId = trialId;
        _trainer = trainer;
        _coordinator = coordinator;
        _slots = slots;
        _settings = settings;
        Idle();
    }

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    public static Props Props(string trialId, ITrialTrainer trainer, IActorRef coordinator, IActorRef slots, TrialEntitySettings settings) =>
        Akka.Actor.Props.Create(() => new TrialEntity(trialId, trainer, coordinator, slots, settings));

    private void Idle()
    {
        Receive<StartTrial>(start => start.Attempt > _highestAttempt, start =>
        {
            _highestAttempt = start.Attempt;
            _current = start;
            _stopRequested = false;
            _latest = null;
            _checkpoint = null;
            _checkpointParts = new ChunkAssembly();
            _slots.Tell(new SlotGate.Acquire(_trialId, start.Attempt));
            // Heartbeats begin at once: an attempt waiting for a slot is alive too.
            Timers.StartPeriodicTimer(nameof(HeartbeatTick), HeartbeatTick.Instance, _settings.HeartbeatInterval);
            Become(Preparing);
        });
        IgnoreOlderCommands();
    }

    /// <summary>Waits for a slot and, when the attempt resumes, for every piece of its checkpoint.</summary>
    private void Preparing()
    {
        Receive<SlotGate.Granted>(granted => granted.Attempt == _current!.Attempt, granted =>
        {
            _slot = granted.Slot;
            _device = granted.Device;
            StartWhenReady();
        });
        Receive<ResumeChunk>(chunk => chunk.Attempt == _current!.Attempt, chunk =>
        {
            _checkpoint = _checkpointParts.Add(chunk.Index, chunk.Count, chunk.Bytes);
            StartWhenReady();
        });
        ReceiveHeartbeatTicks();
        ReceiveStopAndNewerAttempts();
    }

    private void StartWhenReady()
    {
        if (_slot < 0) return;
        if (_stopRequested)
        {
            // Stopped before it began: nothing new to checkpoint, the stored checkpoint stands.
            var iteration = _current!.CheckpointIteration;
            EndAttempt(new TrialResult(_trialId, TrialOutcome.Cancelled, null, iteration, iteration, 0, _device, null, null));
            return;
        }

        if (_current!.CheckpointChunks == 0 || _checkpoint is not null) StartTraining();
    }

    private void Training()
    {
        Receive<ProgressSeen>(seen => seen.Attempt == _current!.Attempt, seen => _latest = seen.Progress);
        ReceiveHeartbeatTicks();
        Receive<TrainingEnded>(ended => ended.Attempt == _current!.Attempt, ended => EndAttempt(ended.Result, ended.Trace));
        ReceiveStopAndNewerAttempts();
    }

    private void ReceiveHeartbeatTicks() => Receive<HeartbeatTick>(_ => _coordinator.Tell(Heartbeat()));

    private void ReceiveStopAndNewerAttempts()
    {
        Receive<StopTrial>(stop => stop.Attempt == _current!.Attempt, _ => RequestStop());
        Receive<StartTrial>(start => start.Attempt > _current!.Attempt, _ =>
        {
            // The coordinator gave up on this attempt: end it, then run the newer one.
            RequestStop();
            Stash.Stash();
        });
        IgnoreOlderCommands();
    }

    private void IgnoreOlderCommands() =>
        Receive<ITrialCommand>(command => _log.Debug("Trial {TrialId}: ignored {Command} for attempt {Attempt}", _trialId, command.GetType().Name, command.Attempt));

    private void RequestStop()
    {
        _stopRequested = true;
        if (_cancellation is null) StartWhenReady();   // not training yet: ends now if it holds its slot
        else _cancellation.Cancel();
    }

    private void StartTraining()
    {
        var start = _current!;
        var attempt = start.Attempt;
        var self = Self;
        var coordinator = _coordinator;
        var (trialId, device) = (_trialId, _device);
        _cancellation = new CancellationTokenSource();
        var cancellation = _cancellation.Token;
        var initial = _checkpoint is null ? null : new TrialCheckpoint(_trialId, start.CheckpointIteration, _checkpoint);
        _checkpoint = null;
        var options = new TrialRunOptions
        {
            Progress = new SyncProgress<TrialProgress>(p => self.Tell(new ProgressSeen(attempt, p))),
            ProgressEvery = _settings.ProgressEvery,
            Checkpoints = new ReportingCheckpoints(initial, c =>
            {
                foreach (var (index, count, part) in PayloadChunks.Split(c.State))
                    coordinator.Tell(new TrialCheckpointChunk(c.TrialId, attempt, c.Iteration, index, count, part), self);
            }),
            CheckpointEvery = _settings.CheckpointEvery,
        };

        _coordinator.Tell(new TrialStarted(_trialId, attempt, start.NodeKey, _device, start.CheckpointIteration));
        Task.Factory.StartNew(
                () => _trainer.Train(TrialSpec.FromJson(start.SpecJson), options, cancellation),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .PipeTo(self,
                // The trace is written to bytes here, on the training task's continuation, not in a handler.
                success: result => new TrainingEnded(attempt, result with { Trace = null }, result.Trace is null ? null : TraceFormat.Write(result.Trace)),
                failure: error => new TrainingEnded(attempt, Crashed(trialId, start.CheckpointIteration, device, error), null));
        Become(Training);
    }

    /// <summary>The training thread threw: a retryable failure (a bug or the environment, not the trial's numbers).</summary>
    /// <remarks>Runs on the task's thread, so it reads no actor state.</remarks>
    private static TrialResult Crashed(string trialId, int startIteration, string device, Exception error)
    {
        var reason = error is AggregateException { InnerException: { } inner } ? inner : error;
        return new TrialResult(trialId, TrialOutcome.Failed, null, startIteration, startIteration, 0, device, null,
            new TrialFailure($"{reason.GetType().Name}: {reason.Message}", Retryable: true));
    }

    private void EndAttempt(TrialResult result, byte[]? trace = null)
    {
        Timers.Cancel(nameof(HeartbeatTick));
        _cancellation?.Dispose();
        _cancellation = null;
        _slots.Tell(new SlotGate.Release(_slot));
        _slot = -1;
        if (trace is not null)
            foreach (var (index, count, part) in PayloadChunks.Split(trace))
                _coordinator.Tell(new TrialTraceChunk(_trialId, _current!.Attempt, index, count, part));
        _coordinator.Tell(new TrialEnded(_trialId, _current!.Attempt, result));

        Become(Idle);
        if (Stash.IsEmpty)
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        else
            Stash.UnstashAll();
    }

    private TrialHeartbeat Heartbeat() => new(
        _trialId, _current!.Attempt,
        _latest?.Iteration ?? _current.CheckpointIteration, _latest?.Iterations ?? 0,
        _latest?.DiscriminatorLoss, _latest?.GeneratorLoss, WaitingForSlot: _slot < 0);

    protected override void PostStop()
    {
        // Only a node shutting down stops a training entity (no idle passivation, no rebalancing): the thread sees this and ends.
        _cancellation?.Cancel();
        _cancellation?.Dispose();
    }

    private sealed record ProgressSeen(int Attempt, TrialProgress Progress);

    /// <param name="Trace">The result's trace as <see cref="TraceFormat"/> bytes.</param>
    private sealed record TrainingEnded(int Attempt, TrialResult Result, byte[]? Trace);

    private sealed class HeartbeatTick
    {
        public static readonly HeartbeatTick Instance = new();
    }

    /// <summary>Resumes from the checkpoint the coordinator sent; new checkpoints go back to the coordinator as messages.</summary>
    private sealed class ReportingCheckpoints(TrialCheckpoint? initial, Action<TrialCheckpoint> save) : ICheckpointStore
    {
        public TrialCheckpoint? Latest(string trialId) => initial;

        public void Save(TrialCheckpoint checkpoint) => save(checkpoint);
    }
}

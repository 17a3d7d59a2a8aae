using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Streams;
using Sweep.Cluster.Protocol;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;

namespace Sweep.Cluster.Trials;

/// <summary>
/// One trial in the shard region. It waits for a slot on its node (and, when resuming, for its
/// checkpoint to stream in and pass its checksum), trains on a thread of its own (TorchSharp's
/// dispose scopes are per thread), sends heartbeats with the latest progress, offers checkpoints to
/// the coordinator one at a time (a newer one waiting replaces an older one) and reports the end of
/// each attempt, its trace first, once its last checkpoint is answered. A newer attempt replaces an
/// older one; an older attempt's commands are ignored.
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
    private CancellationTokenSource? _cancellation;

    // Resuming: the checkpoint once it has arrived whole (or why it could not).
    private bool _resumeReady;
    private int _resumeIteration;
    private byte[]? _checkpoint;
    private string? _resumeFailure;

    // Checkpoints on their way to the coordinator: one offered, at most one newer waiting.
    private CheckpointTaken? _offered;
    private CheckpointTaken? _waitingToOffer;
    private TrainingEnded? _endedWhileOffering;
    private int _offers;
    private IMaterializer? _materializer;

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

    /// <summary>One per entity, made when first needed: its streams are the entity's children and stop with it.</summary>
    private IMaterializer Materializer => _materializer ??= Context.Materializer();

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
            (_resumeReady, _resumeIteration, _checkpoint, _resumeFailure) = (!start.Resumes, 0, null, null);
            (_offered, _waitingToOffer, _endedWhileOffering) = (null, null, null);
            _slots.Tell(new SlotGate.Acquire(_trialId, start.Attempt));
            // Heartbeats begin at once: an attempt waiting for a slot is alive too.
            Timers.StartPeriodicTimer(nameof(HeartbeatTick), HeartbeatTick.Instance, _settings.HeartbeatInterval);
            Become(Preparing);
        });
        IgnoreOlderCommands();
    }

    /// <summary>Waits for a slot and, when the attempt resumes, for its checkpoint to arrive whole.</summary>
    private void Preparing()
    {
        Receive<SlotGate.Granted>(granted => granted.Attempt == _current!.Attempt, granted =>
        {
            _slot = granted.Slot;
            _device = granted.Device;
            StartWhenReady();
        });
        Receive<ResumeFrom>(from => from.Attempt == _current!.Attempt && !_resumeReady, from =>
        {
            if (from.Bytes is null || from.Sha256 is null)
            {
                (_resumeReady, _resumeIteration) = (true, 0);   // no intact checkpoint left: from the start
                StartWhenReady();
                return;
            }

            var attempt = from.Attempt;
            CheckpointStreams.Receive(from.Bytes, from.Length, from.Sha256, Materializer).PipeTo(Self,
                success: bytes => new ResumeArrived(attempt, from.Iteration, bytes, null),
                failure: error => new ResumeArrived(attempt, from.Iteration, null, $"the checkpoint of iteration {from.Iteration} did not arrive whole: {TaskFailures.Innermost(error).Message}"));
        });
        Receive<ResumeArrived>(arrived => arrived.Attempt == _current!.Attempt, arrived =>
        {
            (_resumeReady, _resumeIteration, _checkpoint, _resumeFailure) = (true, arrived.Iteration, arrived.Bytes, arrived.Failure);
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
            EndAttempt(new TrialResult(_trialId, TrialOutcome.Cancelled, null, _resumeIteration, _resumeIteration, 0, _device, null, null));
            return;
        }

        if (!_resumeReady) return;
        if (_resumeFailure is not null)
            EndAttempt(new TrialResult(_trialId, TrialOutcome.Failed, null, _resumeIteration, _resumeIteration, 0, _device, null,
                new TrialFailure(_resumeFailure, Retryable: true)));
        else
            StartTraining();
    }

    private void Training()
    {
        Receive<ProgressSeen>(seen => seen.Attempt == _current!.Attempt, seen => _latest = seen.Progress);
        ReceiveHeartbeatTicks();
        ReceiveCheckpointOffers();
        Receive<TrainingEnded>(ended => ended.Attempt == _current!.Attempt, ended =>
        {
            if (_offered is null) EndAttempt(ended.Result, ended.Trace);
            else
            {
                // The last checkpoint must be stored before the coordinator hears the attempt is over.
                _endedWhileOffering = ended;
                Become(Finishing);
            }
        });
        ReceiveStopAndNewerAttempts();
    }

    /// <summary>Training has ended; the attempt ends once its checkpoints are answered.</summary>
    private void Finishing()
    {
        ReceiveHeartbeatTicks();
        ReceiveCheckpointOffers();
        ReceiveStopAndNewerAttempts();
    }

    private void ReceiveCheckpointOffers()
    {
        Receive<CheckpointTaken>(taken => taken.Attempt == _current!.Attempt, taken =>
        {
            if (_offered is null) Offer(taken);
            else _waitingToOffer = taken;   // the newer one replaces any older one still waiting
        });
        Receive<CheckpointReadyToPull>(ready => ready.Taken == _offered, ready =>
            _coordinator.Tell(new TrialCheckpointOffer(_trialId, ready.Taken.Attempt, ready.Taken.Iteration, ready.Taken.State.Length, ready.Taken.Sha256, ready.Bytes)));
        Receive<CheckpointAnswered>(answer => answer.Attempt == _current!.Attempt && answer.Iteration == _offered?.Iteration, answer =>
        {
            if (!answer.Stored) _log.Warning("Trial {TrialId}: the coordinator did not store the checkpoint of iteration {Iteration}; the previous one stands", _trialId, answer.Iteration);
            OfferNext();
        });
        Receive<OfferTimedOut>(timedOut => timedOut.Offer == _offers && _offered is not null, _ =>
        {
            _log.Warning("Trial {TrialId}: no answer for the checkpoint of iteration {Iteration} within {Seconds} s; the previous one stands",
                _trialId, _offered!.Iteration, _settings.CheckpointAnswerTimeout.TotalSeconds);
            OfferNext();
        });
    }

    private void Offer(CheckpointTaken taken)
    {
        _offered = taken;
        // The timer's message names the offer by number, so no timer holds a checkpoint's bytes.
        Timers.StartSingleTimer(nameof(OfferTimedOut), new OfferTimedOut(++_offers), _settings.CheckpointAnswerTimeout);
        CheckpointStreams.Offer(taken.State, Materializer).PipeTo(Self, success: bytes => new CheckpointReadyToPull(taken, bytes));
    }

    private void OfferNext()
    {
        Timers.Cancel(nameof(OfferTimedOut));
        _offered = null;
        if (_waitingToOffer is { } next)
        {
            _waitingToOffer = null;
            Offer(next);
        }
        else if (_endedWhileOffering is { } ended)
        {
            EndAttempt(ended.Result, ended.Trace);
        }
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
        var startIteration = _resumeIteration;
        var initial = _checkpoint is null ? null : new TrialCheckpoint(_trialId, startIteration, _checkpoint);
        _checkpoint = null;
        var options = new TrialRunOptions
        {
            Progress = new SyncProgress<TrialProgress>(p => self.Tell(new ProgressSeen(attempt, p))),
            ProgressEvery = _settings.ProgressEvery,
            // Hashed here, on the training thread: the actor only passes the bytes on.
            Checkpoints = new ReportingCheckpoints(initial, c =>
                self.Tell(new CheckpointTaken(attempt, c.Iteration, c.State, TrialCheckpoint.Sha256Of(c.State)))),
            Checkpointing = _settings.Checkpointing,
            Device = _device,
            FlushDenormals = _settings.FlushDenormals,
        };

        _coordinator.Tell(new TrialStarted(_trialId, attempt, start.NodeKey, _device, startIteration, _settings.Processors.GetValueOrDefault(_device)));
        Task.Factory.StartNew(
                () => _trainer.Train(TrialSpec.FromJson(start.SpecJson), options, cancellation),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .PipeTo(self,
                // The trace is written to bytes here, on the training task's continuation, not in a handler.
                success: result => new TrainingEnded(attempt, result with { Trace = null }, result.Trace is null ? null : TraceFormat.Write(result.Trace)),
                failure: error => new TrainingEnded(attempt, Crashed(trialId, startIteration, device, error), null));
        Become(Training);
    }

    /// <summary>The training thread threw: a retryable failure (a bug or the environment, not the trial's numbers).</summary>
    /// <remarks>Runs on the task's thread, so it reads no actor state.</remarks>
    private static TrialResult Crashed(string trialId, int startIteration, string device, Exception error)
    {
        var reason = TaskFailures.Innermost(error);
        return new TrialResult(trialId, TrialOutcome.Failed, null, startIteration, startIteration, 0, device, null,
            new TrialFailure($"{reason.GetType().Name}: {reason.Message}", Retryable: true));
    }

    private void EndAttempt(TrialResult result, byte[]? trace = null)
    {
        Timers.Cancel(nameof(HeartbeatTick));
        Timers.Cancel(nameof(OfferTimedOut));
        (_offered, _waitingToOffer, _endedWhileOffering, _checkpoint) = (null, null, null, null);
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
        _latest?.Iteration ?? _resumeIteration, _latest?.Iterations ?? 0,
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

    /// <summary>A checkpoint the training thread took, with its SHA-256.</summary>
    private sealed record CheckpointTaken(int Attempt, int Iteration, byte[] State, string Sha256);

    /// <summary>The checkpoint's bytes can be pulled through <see cref="Bytes"/>: time to offer it.</summary>
    private sealed record CheckpointReadyToPull(CheckpointTaken Taken, ISourceRef<byte[]> Bytes);

    private sealed record OfferTimedOut(int Offer);

    /// <param name="Bytes">The checked checkpoint, or null with <see cref="Failure"/>.</param>
    private sealed record ResumeArrived(int Attempt, int Iteration, byte[]? Bytes, string? Failure);

    private sealed class HeartbeatTick
    {
        public static readonly HeartbeatTick Instance = new();
    }

    /// <summary>Resumes from the checkpoint the coordinator sent; new checkpoints go to the entity, which offers them to the coordinator.</summary>
    private sealed class ReportingCheckpoints(TrialCheckpoint? initial, Action<TrialCheckpoint> save) : ICheckpointStore
    {
        public TrialCheckpoint? Latest(string trialId) => initial;

        public void Save(TrialCheckpoint checkpoint) => save(checkpoint);
    }
}

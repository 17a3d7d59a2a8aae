using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Orchestration.Sweeps;
using Sweep.Cluster.Protocol;
using Sweep.Cluster.Trials;
using Sweep.Training.Running;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// The cluster's one coordinator and the only writer of the sweep database. It admits sweeps,
/// dispatches their trials to free node slots (never more than the slots registered), tracks each
/// attempt through heartbeats, retries what may be retried and records exactly one final state per
/// trial. Reports from an attempt other than the current one are dropped.
/// </summary>
/// <remarks>
/// Memory stays small however large the sweep: pending trials are queued by id and read from the
/// store when dispatched; only attempts in flight and changes not yet written are held.
/// State changes are written in batches: a change marks the trial dirty and a Flush message sent to
/// itself writes every dirty record in one transaction once the messages already queued are handled.
/// Subscribers hear of a change only after it is durable.
/// </remarks>
public sealed class SweepCoordinator : ReceiveActor, IWithTimers
{
    private readonly SweepStore _store;
    private readonly IActorRef _trials;
    private readonly CoordinatorSettings _settings;
    private readonly Func<DateTime> _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Trials in flight, and any trial whose change is not yet written.</summary>
    private readonly Dictionary<string, TrialRecord> _records = [];
    private readonly HashSet<string> _queued = [];
    private readonly Dictionary<string, DateTime> _lastHeard = [];
    private readonly LinkedList<string> _queue = new();
    private readonly Dictionary<string, NodeSlots> _nodes = [];
    private readonly Dictionary<string, ActiveSweep> _sweeps = [];
    private readonly Dictionary<string, TrialState> _dirty = [];
    private readonly Dictionary<string, ChunkAssembly> _incomingCheckpoints = [];
    private readonly Dictionary<string, ChunkAssembly> _incomingTraces = [];

    /// <summary>Whole traces of attempts that have not ended yet.</summary>
    private readonly Dictionary<string, byte[]> _traces = [];

    /// <summary>Traces of trials that ended for good, written with their records by the next flush.</summary>
    private readonly Dictionary<string, byte[]> _unsavedTraces = [];
    private readonly HashSet<IActorRef> _subscribers = [];
    private bool _flushScheduled;
    private IActorRef? _drainRequester;
    private int _interrupted;

    public SweepCoordinator(SweepStore store, IActorRef trials, CoordinatorSettings settings, Func<DateTime>? clock = null)
    {
        _store = store;
        _trials = trials;
        _settings = settings;
        _clock = clock ?? (() => DateTime.UtcNow);
        Active();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SweepStore store, IActorRef trials, CoordinatorSettings settings, Func<DateTime>? clock = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(store, trials, settings, clock));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(CheckHeartbeats), CheckHeartbeats.Instance, _settings.HeartbeatCheckInterval);
        if (InCluster) Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IReachabilityEvent));
        if (_settings.ResumeStoredSweeps) ResumeStoredSweeps();
    }

    protected override void PostStop()
    {
        if (InCluster) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    /// <summary>False in the coordinator's unit tests, which run it in a plain actor system.</summary>
    private static bool InCluster => ((ExtendedActorSystem)Context.System).Provider is Akka.Cluster.IClusterActorRefProvider;

    /// <summary>
    /// A coordinator that (re)starts on a database carries on with every sweep it holds that has
    /// unfinished trials: what was running when the last coordinator died resumes from its checkpoint.
    /// </summary>
    private void ResumeStoredSweeps()
    {
        foreach (var sweep in _store.Sweeps())
        {
            if (_store.TrialStates(sweep.TrialIds).All(t => t.State.IsFinal())) continue;
            _log.Info("Resuming sweep {0} from the database", sweep.Name);
            Self.Tell(new SubmitSweep(sweep.Definition, $"{_store.Path}: stored definition of {sweep.Name}", Extend: false), ActorRefs.NoSender);
        }
    }

    private bool Draining => _drainRequester is not null;

    private void Active()
    {
        Receive<Subscribe>(_ =>
        {
            _subscribers.Add(Sender);
            Context.WatchWith(Sender, new SubscriberGone(Sender));
        });
        Receive<SubscriberGone>(gone => _subscribers.Remove(gone.Subscriber));
        Receive<RegisterNode>(Register);
        Receive<NodeLeaving>(Leaving);
        Receive<NodeGone>(gone => _nodes.TryGetValue(gone.NodeKey, out var node) && node.Agent.Equals(gone.Agent), gone => LoseNode(gone.NodeKey));
        Receive<NodeGone>(_ => { });   // an earlier incarnation of a node that has registered again
        Receive<ClusterEvent.UnreachableMember>(e => SetReachable(e.Member.Address, false));
        Receive<ClusterEvent.ReachableMember>(e => SetReachable(e.Member.Address, true));
        Receive<SubmitSweep>(Submit);
        Receive<ITrialReport>(report => IsCurrent(report) && ReportCheck.Problem(report) is not null, Malformed);
        Receive<TrialStarted>(IsCurrent, Started);
        Receive<TrialHeartbeat>(IsCurrent, Heartbeat);
        Receive<TrialCheckpointChunk>(IsCurrent, CheckpointChunk);
        Receive<TrialTraceChunk>(IsCurrent, TraceChunk);
        Receive<TrialEnded>(IsCurrent, Ended);
        Receive<ITrialReport>(stale => _log.Debug("Dropped {0} from attempt {1} of trial {2}", stale.GetType().Name, stale.Attempt, stale.TrialId));
        Receive<CheckHeartbeats>(_ => LoseSilentAttempts());
        Receive<Flush>(_ => FlushChanges());
        Receive<Drain>(_ => BeginDrain());
        Receive<SummarizeSweep>(Summarize);
        Receive<ListNodes>(_ => Sender.Tell(new NodeList(
            _nodes.Values.Select(n => new NodeList.Node(n.Key, n.Slots, n.Running.Count, n.Reachable, n.Leaving)).ToList())));
    }

    private void Faulted(string reason)
    {
        Receive<SubmitSweep>(_ => Sender.Tell(new SweepRefused(reason)));
        Receive<Drain>(_ => Sender.Tell(new Drained(0)));
        Receive<Subscribe>(_ => Sender.Tell(new CoordinatorFaulted(reason)));
        Receive<NodeLeaving>(leaving => Sender.Tell(new NodeReleased(leaving.NodeKey)));   // nothing is scheduled: a node may go
        ReceiveAny(_ => { });
    }

    /// <summary>
    /// The first store failure ends scheduling for good: nothing is written through a failing file.
    /// Any other failure does too, rather than a restart that would forget what is in flight.
    /// </summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch (Exception e)
        {
            var reason = e is StoreException ? e.Message : $"the coordinator failed on {message.GetType().Name}: {e.GetType().Name}: {e.Message}";
            _log.Error(e, "Scheduling stopped: {0}", reason);
            foreach (var subscriber in _subscribers) subscriber.Tell(new CoordinatorFaulted(reason));
            _drainRequester?.Tell(new Drained(_interrupted));
            Become(() => Faulted(reason));
            return true;
        }
    }

    private void Register(RegisterNode registration)
    {
        // The same host:port from a new agent: the node restarted, and its earlier incarnation's trials are lost.
        if (_nodes.TryGetValue(registration.NodeKey, out var known) && !known.Agent.Equals(Sender))
            LoseNode(registration.NodeKey);

        if (!_nodes.TryGetValue(registration.NodeKey, out var node))
        {
            node = new NodeSlots(registration.NodeKey, Sender, registration.SlotDevices.Count);
            _nodes[registration.NodeKey] = node;
            Context.WatchWith(Sender, new NodeGone(registration.NodeKey, Sender));
            _log.Info("Node {0} offers {1} slot(s) ({2})", registration.NodeKey, node.Slots, string.Join(", ", registration.SlotDevices.Distinct()));
        }

        Sender.Tell(new NodeRegistered(registration.NodeKey));
        Dispatch();
    }

    private void Leaving(NodeLeaving leaving)
    {
        if (!_nodes.TryGetValue(leaving.NodeKey, out var node))
        {
            Sender.Tell(new NodeReleased(leaving.NodeKey));
            return;
        }

        if (!node.Leaving)
        {
            node.Leaving = true;
            _log.Info("Node {0} is leaving; its {1} trial(s) checkpoint and run again elsewhere", node.Key, node.Running.Count);
            foreach (var id in node.Running) _trials.Tell(new StopTrial(id, _records[id].Attempt, node.Key));
        }

        node.LeaveRequester = Sender;
        ReleaseIfDone(node.Key);
    }

    /// <summary>Answers a leaving node once none of its trials runs; call it after the trials' new states are recorded.</summary>
    private void ReleaseIfDone(string? nodeKey)
    {
        if (nodeKey is null || !_nodes.TryGetValue(nodeKey, out var node)) return;
        if (!node.Leaving || node.Running.Count > 0 || node.LeaveRequester is null) return;
        FlushChanges();   // the hand-over is durable before the node goes
        node.LeaveRequester.Tell(new NodeReleased(node.Key));
    }

    private void SetReachable(Address address, bool reachable)
    {
        if (!_nodes.TryGetValue(NodeKeys.Of(address), out var node) || node.Reachable == reachable) return;
        node.Reachable = reachable;
        if (reachable)
        {
            _log.Info("Node {0} is reachable again", node.Key);
            Dispatch();
        }
        else
        {
            _log.Warning("Node {0} is unreachable; nothing more goes to it until it is back or removed", node.Key);
        }
    }

    private void CheckpointChunk(TrialCheckpointChunk chunk)
    {
        if (Assemble(_incomingCheckpoints, chunk.TrialId, chunk.Index, chunk.Count, chunk.Bytes) is { } whole)
            _store.SaveCheckpoint(new TrialCheckpoint(chunk.TrialId, chunk.Iteration, whole));
    }

    private void TraceChunk(TrialTraceChunk chunk)
    {
        if (Assemble(_incomingTraces, chunk.TrialId, chunk.Index, chunk.Count, chunk.Bytes) is { } whole)
            _traces[chunk.TrialId] = whole;
    }

    /// <summary>Adds one piece of a trial's payload; returns the whole once its last piece is in (and forgets the assembly), else null.</summary>
    private static byte[]? Assemble(Dictionary<string, ChunkAssembly> incoming, string trialId, int index, int count, byte[] bytes)
    {
        if (!incoming.TryGetValue(trialId, out var parts))
            incoming[trialId] = parts = new ChunkAssembly();
        if (parts.Add(index, count, bytes) is not { } whole) return null;
        incoming.Remove(trialId);
        return whole;
    }

    private void Submit(SubmitSweep submit)
    {
        SweepDefinition definition;
        SweepAdmission.Decision decision;
        try
        {
            definition = SweepFileReader.Read(submit.Yaml, submit.Source);
            decision = SweepAdmission.Admit(definition, submit.Yaml, _store.FindSweep(definition.Name), _store.Trials, submit.Extend, _clock());
        }
        catch (Exception e) when (e is SweepFileException or SweepRefusedException)
        {
            // A stored sweep resumed at start has no one to tell: the log is where its refusal goes.
            if (Sender.IsNobody()) _log.Warning("Not resuming {0}: {1}", submit.Source, e.Message);
            else Sender.Tell(new SweepRefused(e.Message));
            return;
        }

        _store.SaveSweep(decision.Sweep, decision.NewTrials);
        var stored = _store.TrialStates(decision.Sweep.TrialIds);
        var counts = stored.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        var unfinished = new List<string>();
        var fromCheckpoint = 0;
        foreach (var (id, state) in stored)
        {
            if (state.IsFinal()) continue;
            unfinished.Add(id);
            if (_records.ContainsKey(id) || !_queued.Add(id)) continue;   // already queued or running for another sweep
            if (_store.HasCheckpoint(id)) fromCheckpoint++;
            _queue.AddLast(id);
            // Dispatched or Running in the database: the process that ran it died; it resumes from its checkpoint.
            if (state == TrialState.Pending) continue;
            _records[id] = _store.FindTrial(id)! with { State = TrialState.Pending, Node = null };
            MarkDirty(id, state);
        }

        var sweep = new ActiveSweep(definition.Name, [.. unfinished], Sender);
        _sweeps[definition.Name] = sweep;
        Sender.Tell(new SweepAccepted(definition.Name, stored.Count, counts, unfinished, fromCheckpoint, decision.Changes));
        _log.Info("Sweep {0}: {1} trials, {2} to run", definition.Name, stored.Count, unfinished.Count);
        if (sweep.Unfinished.Count == 0) CompleteSweep(sweep);
        Dispatch();
    }

    private void Summarize(SummarizeSweep request)
    {
        FlushChanges();
        Sender.Tell(SweepReports.Load(_store, request.Name) is { } report
            ? SweepSummary.Of(report)
            : new SweepRefused($"no sweep named '{request.Name}' in {_store.Path}"));
    }

    private void Dispatch()
    {
        while (!Draining && _queue.First is { } next)
        {
            var node = _nodes.Values.Where(n => n.Free > 0).MaxBy(n => n.Free);
            if (node is null) return;
            _queue.RemoveFirst();
            _queued.Remove(next.Value);
            var trial = _records.GetValueOrDefault(next.Value) ?? _store.FindTrial(next.Value)!;
            if (trial.State.IsFinal()) continue;
            var checkpoint = _store.LatestCheckpoint(trial.Id);
            var attempt = trial.Attempt + 1;
            Update(trial with { State = TrialState.Dispatched, Attempt = attempt, Node = node.Key });
            node.Running.Add(trial.Id);
            _lastHeard[trial.Id] = _clock();
            if (checkpoint is null)
            {
                _trials.Tell(new StartTrial(trial.Id, attempt, node.Key, trial.Spec));
                continue;
            }

            _trials.Tell(new StartTrial(trial.Id, attempt, node.Key, trial.Spec, checkpoint.Iteration, PayloadChunks.CountFor(checkpoint.State)));
            foreach (var (index, count, part) in PayloadChunks.Split(checkpoint.State))
                _trials.Tell(new ResumeChunk(trial.Id, attempt, node.Key, index, count, part));
        }
    }

    private bool IsCurrent(ITrialReport report) =>
        _records.TryGetValue(report.TrialId, out var trial)
        && trial.Attempt == report.Attempt
        && trial.State is TrialState.Dispatched or TrialState.Running;

    private void Started(TrialStarted started)
    {
        _lastHeard[started.TrialId] = _clock();
        Update(_records[started.TrialId] with
        {
            State = TrialState.Running, Node = started.NodeKey, StartIteration = started.StartIteration,
            Iteration = started.StartIteration, StartedUtc = _clock(),
        });
    }

    private void Heartbeat(TrialHeartbeat beat)
    {
        _lastHeard[beat.TrialId] = _clock();
        _records[beat.TrialId] = _records[beat.TrialId] with { Iteration = beat.Iteration };
        var progress = new TrialProgressed(beat.TrialId, beat.Attempt, beat.Iteration, beat.Iterations, beat.DiscriminatorLoss, beat.GeneratorLoss, beat.WaitingForSlot);
        foreach (var subscriber in _subscribers) subscriber.Tell(progress);
    }

    private void Ended(TrialEnded ended)
    {
        var trial = _records[ended.TrialId];
        var result = ended.Result;
        _incomingTraces.Remove(ended.TrialId);
        var trace = _traces.Remove(ended.TrialId, out var whole) ? whole : null;
        // A trace is kept only with a final result: a cancelled or retried attempt's curves would be cut short.
        if (trace is not null && (result.Outcome == TrialOutcome.Completed || result.Failure is { Retryable: false }))
            _unsavedTraces[ended.TrialId] = trace;
        Release(trial);
        switch (result.Outcome)
        {
            case TrialOutcome.Completed:
                Finish(trial with
                {
                    State = TrialState.Completed, Iteration = result.Iterations, StartIteration = result.StartIteration,
                    Seconds = trial.Seconds + result.Seconds, FinishedUtc = _clock(), Categories = result.Categories,
                    Modes = result.Metrics!.Modes, MaxModes = result.Metrics.MaxModes, HighQuality = result.Metrics.HighQuality,
                    ShellModes = result.Metrics.ShellModes, ShellHighQuality = result.Metrics.ShellHighQuality,
                    Kl = result.Metrics.Kl, IvomMean = result.Metrics.IvomMean, IvomStd = result.Metrics.IvomStd,
                    Error = null, Retryable = null,
                });
                break;
            case TrialOutcome.Cancelled:
                // Stopped on request (Ctrl-C, a node leaving): not the trial's fault, no attempt used up.
                _interrupted++;
                Requeue(trial with { State = TrialState.Pending, Iteration = result.Iterations, Seconds = trial.Seconds + result.Seconds }, first: true);
                break;
            default:
                var failure = result.Failure!;
                if (failure.Retryable)
                    Retry(trial with { Seconds = trial.Seconds + result.Seconds }, failure.Reason);
                else
                    Finish(trial with { State = TrialState.Failed, Error = failure.Reason, Retryable = false, FinishedUtc = _clock(), Iteration = result.Iterations });
                break;
        }

        ReleaseIfDone(trial.Node);
        Dispatch();
        CompleteDrain();
    }

    /// <summary>A report the coordinator cannot act on (<see cref="ReportCheck"/>): its attempt is stopped and runs again, counted.</summary>
    private void Malformed(ITrialReport report)
    {
        var trial = _records[report.TrialId];
        var reason = $"node {trial.Node} sent a malformed {report.GetType().Name}: {ReportCheck.Problem(report)}";
        _log.Warning("Trial {0} attempt {1}: {2}", trial.Id, trial.Attempt, reason);
        if (trial.Node is not null) _trials.Tell(new StopTrial(trial.Id, trial.Attempt, trial.Node));
        Release(trial);
        Retry(trial, reason);
        ReleaseIfDone(trial.Node);
        Dispatch();
    }

    /// <summary>A retryable failure or a lost attempt: run it again, or abandon it once its attempts are used up.</summary>
    private void Retry(TrialRecord trial, string reason)
    {
        var failures = trial.Failures + 1;
        if (failures >= _settings.MaxAttempts)
        {
            Finish(trial with
            {
                State = TrialState.Abandoned, Failures = failures, Error = $"{reason} (attempt {trial.Attempt} of {_settings.MaxAttempts}; giving up)",
                Retryable = true, FinishedUtc = _clock(),
            });
            return;
        }

        _log.Warning("Trial {0} attempt {1} failed ({2}); it will run again", trial.Id, trial.Attempt, reason);
        Requeue(trial with { State = TrialState.Pending, Failures = failures, Error = reason, Retryable = true }, first: false);
    }

    private void LoseSilentAttempts()
    {
        var now = _clock();
        var silent = _lastHeard.Where(h => now - h.Value > _settings.HeartbeatTimeout).Select(h => h.Key).ToList();
        foreach (var id in silent)
        {
            var trial = _records[id];
            Release(trial);
            Retry(trial, $"no heartbeat from node {trial.Node} for {_settings.HeartbeatTimeout.TotalSeconds:0} s");
            ReleaseIfDone(trial.Node);
        }

        if (silent.Count > 0) Dispatch();
    }

    private void LoseNode(string nodeKey)
    {
        if (!_nodes.Remove(nodeKey, out var node)) return;
        _log.Warning("Node {0} left with {1} trial(s) running; they run again elsewhere", nodeKey, node.Running.Count);
        foreach (var id in node.Running.ToList())
        {
            var trial = _records[id];
            Release(trial);
            // Trials still running on a node that announced its leaving were not lost to a failure.
            if (Draining || node.Leaving) Requeue(trial with { State = TrialState.Pending }, first: true);
            else Retry(trial, $"node {nodeKey} left the cluster");
        }

        Dispatch();
        CompleteDrain();
    }

    private void BeginDrain()
    {
        _drainRequester = Sender;
        foreach (var trial in _records.Values.Where(t => t.State is TrialState.Dispatched or TrialState.Running))
            _trials.Tell(new StopTrial(trial.Id, trial.Attempt, trial.Node!));
        CompleteDrain();
    }

    private void CompleteDrain()
    {
        if (!Draining || _lastHeard.Count > 0) return;
        FlushChanges();
        _drainRequester!.Tell(new Drained(_interrupted));
    }

    private void Release(TrialRecord trial)
    {
        _lastHeard.Remove(trial.Id);
        _incomingCheckpoints.Remove(trial.Id);
        if (trial.Node is not null && _nodes.TryGetValue(trial.Node, out var node))
            node.Running.Remove(trial.Id);
    }

    private void Requeue(TrialRecord trial, bool first)
    {
        Update(trial with { Node = null });
        if (!_queued.Add(trial.Id)) return;
        if (first) _queue.AddFirst(trial.Id);
        else _queue.AddLast(trial.Id);
    }

    private void Finish(TrialRecord trial)
    {
        Update(trial);   // the flush that stores it also drops its checkpoint
        foreach (var sweep in _sweeps.Values.ToList())
            if (sweep.Unfinished.Remove(trial.Id) && sweep.Unfinished.Count == 0)
                CompleteSweep(sweep);
    }

    /// <summary>Every trial of the sweep is final: once that is durable, say so.</summary>
    private void CompleteSweep(ActiveSweep sweep)
    {
        _sweeps.Remove(sweep.Name);
        FlushChanges();
        _log.Info("Sweep {0} finished", sweep.Name);
        sweep.Submitter.Tell(new SweepFinished(sweep.Name));
        foreach (var subscriber in _subscribers.Where(s => !s.Equals(sweep.Submitter))) subscriber.Tell(new SweepFinished(sweep.Name));
    }

    private void Update(TrialRecord trial)
    {
        var previous = _records.TryGetValue(trial.Id, out var old) ? old.State : TrialState.Pending;
        _records[trial.Id] = trial;
        MarkDirty(trial.Id, previous);
    }

    private void MarkDirty(string trialId, TrialState previous)
    {
        _dirty.TryAdd(trialId, previous);
        if (_flushScheduled) return;
        _flushScheduled = true;
        Self.Tell(Flush.Instance);
    }

    private void FlushChanges()
    {
        _flushScheduled = false;
        if (_dirty.Count == 0) return;
        var changed = _dirty.Select(d => (Trial: _records[d.Key], Previous: d.Value)).ToList();
        _dirty.Clear();
        _store.Save(changed.Select(c => c.Trial).ToList(), _unsavedTraces);
        _unsavedTraces.Clear();
        foreach (var (trial, previous) in changed)
        {
            if (trial.State is not (TrialState.Dispatched or TrialState.Running)) _records.Remove(trial.Id);
            var change = new TrialChanged(trial, previous);
            foreach (var subscriber in _subscribers) subscriber.Tell(change);
        }
    }

    private sealed class NodeSlots(string key, IActorRef agent, int slots)
    {
        public string Key { get; } = key;
        public IActorRef Agent { get; } = agent;
        public int Slots { get; } = slots;
        public HashSet<string> Running { get; } = [];
        public bool Reachable { get; set; } = true;
        public bool Leaving { get; set; }
        public IActorRef? LeaveRequester { get; set; }
        public int Free => Reachable && !Leaving ? Slots - Running.Count : 0;
    }

    private sealed record ActiveSweep(string Name, HashSet<string> Unfinished, IActorRef Submitter);

    private sealed record NodeGone(string NodeKey, IActorRef Agent);

    private sealed record SubscriberGone(IActorRef Subscriber);

    private sealed class CheckHeartbeats
    {
        public static readonly CheckHeartbeats Instance = new();
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}

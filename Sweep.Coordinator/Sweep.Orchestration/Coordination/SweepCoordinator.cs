using System.Runtime.ExceptionServices;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Streams;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Orchestration.Sweeps;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Protocol;
using Sweep.Cluster.Trials;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// The cluster's one coordinator and the only writer of the sweep database. It admits sweeps,
/// dispatches their trials to free node slots (never more than the slots registered), tracks each
/// attempt through heartbeats, retries what may be retried and records exactly one final state per
/// trial. Reports from an attempt other than the current one are dropped.
/// </summary>
/// <remarks>
/// The actor keeps the trial state machine and routes messages; the bookkeeping lives in plain
/// classes: <see cref="NodeRegistry"/>, <see cref="WaitingTrials"/>, <see cref="AttemptTracker"/>
/// (liveness), <see cref="AttemptPayloads"/> (pieces of traces), <see cref="CheckpointTransfers"/>,
/// <see cref="WriteBehind"/> and <see cref="ActiveSweeps"/>.
/// <list type="bullet">
/// <item>Memory stays small however large the sweep: pending trials are queued by id and read from
/// the store when dispatched; only attempts in flight and changes not yet written are held.</item>
/// <item>State changes are written in batches: a Flush message sent to itself writes every change in
/// one transaction once the messages already queued are handled. Subscribers hear of a change only
/// after it is durable.</item>
/// <item>Nothing long runs between two messages: a sweep's grid is expanded and compared off the
/// actor, its new trials are stored a transaction at a time, one message each, and summaries are
/// read off the actor. Heartbeats are never stuck behind a 100 000-trial admission.</item>
/// <item>Checkpoint bytes never pass through this actor: they stream between the node and a file
/// beside the database off its thread, and the actor only records which file is a trial's latest.</item>
/// <item>Time is the actor system scheduler's, so tests drive it with Akka's TestScheduler.</item>
/// </list>
/// </remarks>
public sealed class SweepCoordinator : ReceiveActor, IWithTimers
{
    private readonly SweepStore _store;
    private readonly IActorRef _trials;
    private readonly CoordinatorSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly NodeRegistry _nodes = new();
    private readonly WaitingTrials _queue = new();

    /// <summary>The memory each admitted trial needs (<see cref="TrialMemory"/>): it goes only to a node with a device that large.</summary>
    private readonly Dictionary<string, long> _needs = [];

    /// <summary>Trials already reported as fitting no registered node (each is reported once).</summary>
    private readonly HashSet<string> _tooLarge = [];

    /// <summary>How far down the queue a dispatch looks for a trial that fits a free slot.</summary>
    private const int DispatchScan = 1_000;
    private readonly AttemptTracker _attempts;
    private readonly AttemptPayloads _payloads = new();
    private readonly WriteBehind _writes = new();
    private CheckpointTransfers _transfers = null!;

    /// <summary>Dispatches waiting for the flush that stores their attempts (<see cref="SendStored"/>).</summary>
    private readonly List<TrialRecord> _unsent = [];
    private readonly ActiveSweeps _sweeps = new();
    private readonly HashSet<IActorRef> _subscribers = [];

    /// <summary>Subscribers that take a flush's changes in one message (<see cref="Subscribe.Batched"/>).</summary>
    private readonly HashSet<IActorRef> _batched = [];

    /// <summary>The number of the last read begun (<see cref="SweepReading.Read"/>).</summary>
    private long _reads;

    /// <summary>The sweep being admitted; submissions that arrive meanwhile wait their turn.</summary>
    private Admission? _admission;
    private readonly Queue<(SubmitSweep Submit, IActorRef Submitter)> _waitingSubmissions = new();
    private IActorRef? _drainRequester;
    private int _interrupted;
    private readonly ProvenRoles _roles = new(InCluster && RoleGuard.IsOn(Context.System));

    public SweepCoordinator(SweepStore store, IActorRef trials, CoordinatorSettings settings)
    {
        _store = store;
        _trials = trials;
        _settings = settings;
        _attempts = new AttemptTracker(settings.HeartbeatTimeout, settings.HeartbeatCheckInterval);
        Active();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SweepStore store, IActorRef trials, CoordinatorSettings settings) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(store, trials, settings));

    protected override void PreStart()
    {
        // Streams materialized here are this actor's children: they stop with it, and a half-pulled file is deleted.
        _transfers = new CheckpointTransfers(_store.CheckpointFiles, Context.Materializer());
        Timers.StartPeriodicTimer(nameof(CheckHeartbeats), CheckHeartbeats.Instance, _settings.HeartbeatCheckInterval);
        if (InCluster) Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IReachabilityEvent));
        if (_settings.ResumeStoredSweeps) ResumeStoredSweeps();
        if (_roles.On)
        {
            Context.System.EventStream.Subscribe(Self, typeof(RoleGuard.Checked));
            Context.System.EventStream.Subscribe(Self, typeof(RoleGuard.Forgotten));
            Context.ActorSelection($"/user/{RoleGuard.Name}").Tell(RoleGuard.GetChecked.Instance);
        }
    }

    protected override void PostStop()
    {
        if (InCluster) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    /// <summary>False in the coordinator's unit tests, which run it in a plain actor system.</summary>
    private static bool InCluster => ((ExtendedActorSystem)Context.System).Provider is Akka.Cluster.IClusterActorRefProvider;

    private static DateTime Now => Context.System.Scheduler.Now.UtcDateTime;

    private bool Draining => _drainRequester is not null;

    /// <summary>
    /// A coordinator that (re)starts on a database carries on with every sweep it holds that has
    /// unfinished trials: what was running when the last coordinator died resumes from its checkpoint.
    /// </summary>
    private void ResumeStoredSweeps()
    {
        foreach (var sweep in _store.Sweeps())
        {
            if (_store.TrialStates(sweep.TrialIds).All(t => t.State.IsFinal())) continue;
            _log.Info("Resuming sweep {Sweep} from the database", sweep.Name);
            Self.Tell(new SubmitSweep(sweep.Definition, $"{_store.Path}: stored definition of {sweep.Name}", Extend: false), ActorRefs.NoSender);
        }
    }

    private void Active()
    {
        Receive<Subscribe>(subscribe =>
        {
            _subscribers.Add(Sender);
            if (subscribe.Batched) _batched.Add(Sender);
            Context.WatchWith(Sender, new SubscriberGone(Sender));
        });
        Receive<SubscriberGone>(gone =>
        {
            _subscribers.Remove(gone.Subscriber);
            _batched.Remove(gone.Subscriber);
        });
        ReceiveRoleChecks();
        Receive<RegisterNode>(Register);
        Receive<NodeLeaving>(Leaving);
        Receive<NodeGone>(gone => _nodes.Find(gone.NodeKey)?.Agent.Equals(gone.Agent) == true, gone => LoseNode(gone.NodeKey));
        Receive<NodeGone>(_ => { });   // an earlier incarnation of a node that has registered again
        Receive<ClusterEvent.UnreachableMember>(e => SetReachable(e.Member.Address, false));
        Receive<ClusterEvent.ReachableMember>(e => SetReachable(e.Member.Address, true));
        Receive<SubmitSweep>(submit => Submit(submit, Sender));
        Receive<AdmissionDecided>(Decided);
        Receive<AdmissionFailed>(failed => AdmissionRefused(failed.Error));
        Receive<AddTrials>(AddAdmittedTrials);
        Receive<ITrialReport>(report => IsCurrent(report) && !FromItsNode(report), Foreign);
        Receive<ITrialReport>(report => IsCurrent(report) && ReportCheck.Problem(report) is not null, Malformed);
        Receive<TrialStarted>(IsCurrent, Started);
        Receive<TrialHeartbeat>(IsCurrent, Heartbeat);
        Receive<TrialCheckpointOffer>(IsCurrent, Offered);
        Receive<CheckpointPulled>(Pulled);
        Receive<ResumeServed>(Served);
        Receive<TrialTraceChunk>(IsCurrent, chunk => _payloads.AddTracePiece(chunk.TrialId, chunk.Index, chunk.Count, chunk.Bytes));
        Receive<TrialEnded>(IsCurrent, Ended);
        Receive<ITrialReport>(stale => _log.Debug("Dropped {Report} from attempt {Attempt} of trial {TrialId}", stale.GetType().Name, stale.Attempt, stale.TrialId));
        Receive<CheckHeartbeats>(_ => LoseSilentAttempts());
        Receive<Flush>(_ => FlushChanges());
        Receive<Drain>(_ => BeginDrain());
        Receive<SummarizeSweep>(Summarize);
        Receive<ListSweeps>(_ => ListStored());
        Receive<ReadSweep>(Read);
        Receive<ReadTrace>(ReadStoredTrace);
        Receive<CoordinatorPing>(ping => Sender.Tell(new CoordinatorPong(ping.SentTimestamp)));
        Receive<ListNodes>(_ => Sender.Tell(new NodeList(
            _nodes.All.Select(n => new NodeList.Node(n.Key, n.Slots, n.Running.Count, n.Reachable, n.Leaving, n.Devices, n.Memory)).ToList())));
    }

    /// <summary>
    /// A remote member registers slots only with the role trainer, and submits or drains only as a
    /// client or coordinator, as its certificate says (<see cref="RoleGuard"/>); until its check ends
    /// its requests wait.
    /// </summary>
    private void ReceiveRoleChecks()
    {
        Receive<RoleGuard.Checked>(check => HandleAgain(_roles.Checked(check.Address, check.Refusal is null ? check.Roles : null)));
        Receive<RoleGuard.Forgotten>(forgotten => _roles.Forget(forgotten.Address));
        Receive<RoleGuard.CheckedMembers>(known =>
        {
            foreach (var (member, roles) in known.Roles) HandleAgain(_roles.Checked(member, roles));
        });
        OnlyFrom<RegisterNode>([TrialNode.TrainerRole], registration =>
            _log.Warning("Ignored slots offered by {Node}: its certificate does not carry the role {Role}", registration.NodeKey, TrialNode.TrainerRole));
        OnlyFrom<SubmitSweep>([ClusterConfig.ClientRole, ClusterConfig.CoordinatorRole], _ =>
            Sender.Tell(new SweepRefused($"{Sender.Path.Address} may not submit sweeps: its certificate carries neither the role {ClusterConfig.ClientRole} nor {ClusterConfig.CoordinatorRole}.")));
        OnlyFrom<Drain>([ClusterConfig.ClientRole, ClusterConfig.CoordinatorRole], _ =>
            _log.Warning("Ignored a drain request from {Member}: its certificate carries neither the role {Client} nor {Coordinator}", Sender.Path.Address, ClusterConfig.ClientRole, ClusterConfig.CoordinatorRole));
    }

    /// <summary>A <typeparamref name="T"/> from a member not checked yet waits; from one whose certificate carries none of <paramref name="roles"/>, it is <paramref name="refuse"/>d.</summary>
    private void OnlyFrom<T>(string[] roles, Action<T> refuse) where T : notnull
    {
        Receive<T>(_ => _roles.Unchecked(Sender), message => _roles.Wait(message, Sender));
        Receive<T>(_ => _roles.Lacks(Sender, roles), refuse);
    }

    private void HandleAgain(IReadOnlyList<(object Message, IActorRef Sender)> requests)
    {
        foreach (var (message, sender) in requests) Self.Tell(message, sender);
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
            var reason = e is StoreException or StoreFailedException ? e.Message : $"the coordinator failed on {message.GetType().Name}: {e.GetType().Name}: {e.Message}";
            _log.Error(e, "Scheduling stopped: {Reason}", reason);
            foreach (var subscriber in _subscribers) subscriber.Tell(new CoordinatorFaulted(reason));
            _admission?.Submitter.Tell(new SweepRefused(reason));
            foreach (var (_, submitter) in _waitingSubmissions) submitter.Tell(new SweepRefused(reason));
            _drainRequester?.Tell(new Drained(_interrupted));
            Become(() => Faulted(reason));
            return true;
        }
    }

    private void Register(RegisterNode registration)
    {
        // The same host:port from a new agent: the node restarted, and its earlier incarnation's trials are lost.
        if (_nodes.Find(registration.NodeKey) is { } known && !known.Agent.Equals(Sender))
            LoseNode(registration.NodeKey);

        if (_nodes.Find(registration.NodeKey) is null)
        {
            var node = _nodes.Register(registration.NodeKey, Sender, registration.SlotDevices, registration.DeviceMemory);
            Context.WatchWith(Sender, new NodeGone(registration.NodeKey, Sender));
            _log.Info("Node {Node} offers {Slots} slot(s) ({Devices})", node.Key, node.Slots,
                string.Join(", ", registration.SlotDevices.Distinct().Select(d => node.Memory.TryGetValue(d, out var bytes) ? $"{d}, {TrialMemory.Gib(bytes)}" : d)));
        }

        Sender.Tell(new NodeRegistered(registration.NodeKey));
        Dispatch();
    }

    private void Leaving(NodeLeaving leaving)
    {
        if (_nodes.Find(leaving.NodeKey) is not { } node)
        {
            Sender.Tell(new NodeReleased(leaving.NodeKey));
            return;
        }

        if (!node.Leaving)
        {
            node.Leaving = true;
            _log.Info("Node {Node} is leaving; its {Running} trial(s) checkpoint and run again elsewhere", node.Key, node.Running.Count);
            foreach (var id in node.Running) _trials.Tell(new StopTrial(id, Record(id).Attempt, node.Key));
        }

        node.LeaveRequester = Sender;
        ReleaseIfDone(node.Key);
    }

    /// <summary>Answers a leaving node once none of its trials runs; call it after the trials' new states are recorded.</summary>
    private void ReleaseIfDone(string? nodeKey)
    {
        if (nodeKey is null || _nodes.Find(nodeKey) is not { ReadyToRelease: true } node) return;
        FlushChanges();   // the hand-over is durable before the node goes
        node.LeaveRequester!.Tell(new NodeReleased(node.Key));
    }

    private void SetReachable(Address address, bool reachable)
    {
        if (_nodes.Find(NodeKeys.Of(address)) is not { } node || node.Reachable == reachable) return;
        node.Reachable = reachable;
        if (reachable)
        {
            _log.Info("Node {Node} is reachable again", node.Key);
            Dispatch();
        }
        else
        {
            _log.Warning("Node {Node} is unreachable; nothing more goes to it until it is back or removed", node.Key);
        }
    }

    /// <summary>Pulls the offered checkpoint into a file off the actor; <see cref="Pulled"/> records it.</summary>
    private void Offered(TrialCheckpointOffer offer)
    {
        var node = Sender;
        _transfers.Pull(offer).PipeTo(Self,
            success: stored => new CheckpointPulled(offer, node, stored, null),
            failure: error => new CheckpointPulled(offer, node, null, TaskFailures.Innermost(error).Message));
    }

    /// <summary>A pulled checkpoint becomes the trial's latest, unless its attempt is over; the node hears either way.</summary>
    private void Pulled(CheckpointPulled pulled)
    {
        var (offer, stored) = (pulled.Offer, pulled.Stored);
        var current = IsCurrent(offer);
        if (stored is not null && current)
        {
            _store.RecordCheckpoint(offer.TrialId, stored);
            _settings.Observer.CheckpointStored(stored.Length);
            _log.Info("Trial {TrialId}: checkpoint at iteration {Iteration} stored ({Megabytes} MB)", offer.TrialId, offer.Iteration,
                (stored.Length / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (stored is not null)
        {
            _store.ForgetCheckpointFile(stored);
        }
        else
        {
            _log.Warning("Trial {TrialId}: the checkpoint of iteration {Iteration} did not arrive whole ({Reason}); the previous one stands",
                offer.TrialId, offer.Iteration, pulled.Failure);
        }

        pulled.Node.Tell(new CheckpointAnswered(offer.TrialId, offer.Attempt, offer.Iteration, Stored: stored is not null && current));
    }

    /// <summary>The checked checkpoint a resuming attempt pulls; damaged ones are named and passed over.</summary>
    private void Served(ResumeServed served)
    {
        foreach (var damaged in served.Damaged)
            _log.Warning("Trial {TrialId}: the checkpoint of iteration {Iteration} is damaged (its file is missing or fails its SHA-256 {Sha256}); not resumed from",
                served.Trial.Id, damaged.Iteration, damaged.Sha256);
        if (!_attempts.IsCurrent(served.Trial.Id, served.Trial.Attempt)) return;   // the SourceRef times out unpulled
        if (served.Error is not null)
            _log.Warning("Trial {TrialId}: its checkpoints could not be read ({Error}); attempt {Attempt} starts from iteration 0", served.Trial.Id, served.Error, served.Trial.Attempt);
        else if (served.Chosen is null)
            _log.Warning("Trial {TrialId}: no intact checkpoint is left; attempt {Attempt} starts from iteration 0", served.Trial.Id, served.Trial.Attempt);
        var trial = served.Trial;
        _trials.Tell(new ResumeFrom(trial.Id, trial.Attempt, trial.Node!, served.Chosen?.Iteration ?? 0, served.Chosen?.Sha256, served.Chosen?.Length ?? 0, served.Bytes));
    }

    /// <summary>Reads the file here (a mistake is answered at once), then decides off the actor: expanding and comparing a large grid takes seconds.</summary>
    private void Submit(SubmitSweep submit, IActorRef submitter)
    {
        if (_admission is not null)
        {
            _waitingSubmissions.Enqueue((submit, submitter));
            return;
        }

        SweepDefinition definition;
        try
        {
            definition = SweepFileReader.Read(submit.Yaml, submit.Source);
        }
        catch (SweepFileException e)
        {
            Refuse(submitter, submit.Source, e.Message);
            return;
        }

        _admission = new Admission(definition, submit.Source, submitter);
        var (store, now) = (_store, Now);
        Task.Run(() =>
            {
                var decision = SweepAdmission.Admit(definition, submit.Yaml, store.FindSweep(definition.Name), store.Trials, submit.Extend, now);
                var grid = decision.NewTrials.DistinctBy(t => t.Id).ToList();
                var storedIds = store.StoredTrialIds();
                return new AdmissionDecided(decision, storedIds,
                    Needs: grid.ToDictionary(t => t.Id, t => TrialMemory.Of(ParsedSpecs.Of(t.Spec)).Bytes),
                    Fresh: grid.Where(t => !storedIds.Contains(t.Id)).ToDictionary(t => t.Id));
            })
            .PipeTo(Self, success: decided => decided, failure: e => new AdmissionFailed(TaskFailures.Innermost(e)));
    }

    private void Refuse(IActorRef submitter, string source, string reason)
    {
        // A stored sweep resumed at start has no one to tell: the log is where its refusal goes.
        if (submitter.IsNobody()) _log.Warning("Not resuming {Source}: {Reason}", source, reason);
        else submitter.Tell(new SweepRefused(reason));
    }

    private void AdmissionRefused(Exception error)
    {
        // Anything else is the store failing: rethrown, it stops the coordinator (AroundReceive).
        if (error is not (SweepFileException or SweepRefusedException)) ExceptionDispatchInfo.Capture(error).Throw();
        var admission = _admission!;
        Refuse(admission.Submitter, admission.Source, error.Message);
        NextAdmission();
    }

    private void Decided(AdmissionDecided decided)
    {
        _admission!.Decided = decided;
        foreach (var (id, bytes) in decided.Needs) _needs[id] = bytes;
        Self.Tell(new AddTrials(0));
    }

    /// <summary>One transaction of the sweep's new trials per message, so that heartbeats and reports are read in between.</summary>
    private void AddAdmittedTrials(AddTrials step)
    {
        var decided = _admission!.Decided!;
        var newTrials = decided.Decision.NewTrials;
        var chunk = newTrials.Skip(step.Offset).Take(SweepStore.TrialsPerTransaction).ToList();
        _store.AddNewTrials(chunk, decided.StoredIds);
        var next = step.Offset + chunk.Count;
        if (next < newTrials.Count) Self.Tell(new AddTrials(next));
        else StartAdmitted();
    }

    /// <summary>Every trial is stored: save the sweep (last, so a crash before leaves no half sweep), queue what is unfinished, tell the submitter.</summary>
    private void StartAdmitted()
    {
        var (definition, _, submitter) = _admission!;
        var (decision, fresh) = (_admission.Decided!.Decision, _admission.Decided.Fresh);
        FlushChanges();   // states read below must include changes still in memory
        _store.SaveSweepRecord(decision.Sweep);
        var stored = _store.TrialStates(decision.Sweep.TrialIds);
        var checkpoints = _store.CheckpointIterations();
        var counts = stored.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        var unfinished = new List<string>();
        var fromCheckpoint = 0;
        foreach (var (id, state) in stored)
        {
            if (state.IsFinal()) continue;
            var held = _writes.Holds(id);   // running for another sweep of this coordinator
            // Dispatched or Running in the database, and not by this coordinator: the process that ran it died.
            if (state != TrialState.Pending && !held && !Interrupted(_store.FindTrial(id)!, checkpoints.GetValueOrDefault(id)))
            {
                (counts[state], counts[TrialState.Abandoned]) = (counts[state] - 1, counts.GetValueOrDefault(TrialState.Abandoned) + 1);
                continue;
            }

            unfinished.Add(id);
            if (held || !_queue.Enqueue(id)) continue;   // already queued or running for another sweep
            if (checkpoints.ContainsKey(id)) fromCheckpoint++;
        }

        var groups = definition.Adaptive is null ? null : AdaptiveGroups.Of(definition, decision.Sweep.TrialIds);
        var sweep = _sweeps.Start(definition.Name, unfinished, submitter, groups);
        submitter.Tell(new SweepAccepted(definition.Name, stored.Count, counts, unfinished.Count, fromCheckpoint, decision.Changes));
        foreach (var piece in unfinished.Chunk(SweepTrialsListed.PieceSize))
            submitter.Tell(new SweepTrialsListed(definition.Name, piece));
        foreach (var subscriber in _subscribers.Except(_batched)) subscriber.Tell(new SweepStored(definition.Name));
        foreach (var copy in _batched) SendRead(copy, definition.Name, fresh);
        _log.Info("Sweep {Sweep}: {Total} trials, {ToRun} to run", definition.Name, stored.Count, unfinished.Count);
        // A group whose seeds all ended before the last process stopped may still need more.
        for (var group = 0; group < (groups?.Count ?? 0); group++) GrowGroup(sweep, group);
        if (sweep.Finished) CompleteSweep(sweep);
        NextAdmission();
        Dispatch();
    }

    /// <summary>
    /// A trial whose process died while it ran resumes from its checkpoint, unless it died this way
    /// too often with no new checkpoint between: then it is what kills the process, and is Abandoned.
    /// </summary>
    /// <returns>True when the trial is to run again.</returns>
    private bool Interrupted(TrialRecord trial, int checkpoint)
    {
        var interruptions = trial.InterruptedAtCheckpoint is { } before && checkpoint <= before ? trial.Interruptions + 1 : 1;
        var record = trial with { Node = null, Interruptions = interruptions, InterruptedAtCheckpoint = checkpoint };
        if (interruptions < _settings.MaxInterruptionsWithoutProgress)
        {
            Update(record with { State = TrialState.Pending }, stored: trial.State);
            return true;
        }

        var reason = $"its process died {interruptions} times in a row while it ran, each time before a checkpoint after iteration {checkpoint}: " +
                     "it is likely what kills the process (e.g. a native crash); see the process's log";
        _log.Error("Trial {TrialId}: {Reason}; abandoned", trial.Id, reason);
        Update(record with { State = TrialState.Abandoned, Error = reason, Retryable = false, FinishedUtc = Now }, stored: trial.State);
        return false;
    }

    private void NextAdmission()
    {
        _admission = null;
        if (_waitingSubmissions.TryDequeue(out var next)) Submit(next.Submit, next.Submitter);
    }

    /// <summary>Writes what is pending, then reads and summarises the sweep off the actor.</summary>
    private void Summarize(SummarizeSweep request)
    {
        FlushChanges();
        var store = _store;
        Task.Run(() => SweepReports.Load(store, request.Name) is { } report
                ? (object)new SweepSummarized(SweepSummary.Of(report))
                : new SweepRefused($"no sweep named '{request.Name}' in {store.Path}"))
            .PipeTo(Sender, failure: e => new SweepRefused($"sweep '{request.Name}' could not be read from {store.Path}: {e.Message}"));
    }

    private void ListStored()
    {
        var store = _store;
        Task.Run(() => (object)new SweepsListed(store.Sweeps().Select(s => s.Name).ToList()))
            .PipeTo(Sender, failure: e => new SweepRefused($"the sweeps could not be listed from {store.Path}: {TaskFailures.Innermost(e).Message}"));
    }

    private void Read(ReadSweep request) => SendRead(Sender, request.Name, fresh: new Dictionary<string, TrialRecord>());

    /// <summary>
    /// Writes what is pending, says so, then reads the sweep off the actor and sends it in pieces (see
    /// <see cref="ReadSweep"/>). The <paramref name="fresh"/> trials of a sweep just admitted, inserted
    /// by the admission and unchanged since, come from memory: only the trials stored before are read.
    /// </summary>
    private void SendRead(IActorRef reader, string name, IReadOnlyDictionary<string, TrialRecord> fresh)
    {
        FlushChanges();
        var (store, read) = (_store, ++_reads);
        reader.Tell(new SweepReading(name, read));
        Task.Run(() =>
        {
            if (store.FindSweep(name) is not { } sweep)
            {
                reader.Tell(new SweepRead(name, null, [], null, Read: read));
                return;
            }

            var facts = new SweepFacts(sweep.Name, sweep.Fingerprint, sweep.Definition, sweep.CreatedUtc, sweep.TrialIds);
            var stored = store.Trials(sweep.TrialIds.Where(id => !fresh.ContainsKey(id))).DistinctBy(t => t.Id).ToDictionary(t => t.Id);
            var trials = sweep.TrialIds.Select(id => fresh.GetValueOrDefault(id) ?? stored.GetValueOrDefault(id)).OfType<TrialRecord>();
            var pieces = trials.Select(StatusOf).Chunk(SweepRead.PieceSize).ToList();
            for (var i = 0; i < pieces.Count; i++) reader.Tell(new SweepRead(name, facts, pieces[i], null, Last: i == pieces.Count - 1, Read: read));
            if (pieces.Count == 0) reader.Tell(new SweepRead(name, facts, [], null, Read: read));
        }).ContinueWith(t => reader.Tell(new SweepRead(name, null, [], $"sweep '{name}' could not be read from {store.Path}: {TaskFailures.Innermost(t.Exception!).Message}", Read: read)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private void ReadStoredTrace(ReadTrace request)
    {
        FlushChanges();   // a trace waiting in the write-behind is written first
        var store = _store;
        Task.Run(() => new TraceRead(request.TrialId, store.FindTrace(request.TrialId), null))
            .PipeTo(Sender, failure: e => new TraceRead(request.TrialId, null, $"the trace of trial {request.TrialId} could not be read from {store.Path}: {TaskFailures.Innermost(e).Message}"));
    }

    /// <remarks>
    /// A dispatch is sent only once its attempt is stored (<see cref="FlushChanges"/> sends what is
    /// waiting, after the batch's one transaction): a coordinator that crashed after sending would
    /// otherwise give the same attempt number again, and the first attempt's reports would pass
    /// for the second's.
    /// </remarks>
    private void Dispatch()
    {
        while (!Draining && _queue.Count > 0 && _nodes.Freest() is not null)
        {
            if (!_queue.TryDequeueFirst(id => _nodes.Freest(Need(id)) is not null, DispatchScan, out var id))
            {
                ReportTooLarge();
                return;
            }

            var node = _nodes.Freest(Need(id))!;
            var trial = _writes.Find(id!) ?? _store.FindTrial(id!)!;
            if (trial.State.IsFinal()) continue;
            var dispatched = trial with { State = TrialState.Dispatched, Attempt = trial.Attempt + 1, Node = node.Key };
            Update(dispatched);
            _settings.Observer.Dispatched();
            node.Running.Add(trial.Id);
            _attempts.Begin(trial.Id, dispatched.Attempt, Now);
            _unsent.Add(dispatched);
        }
    }

    private long? Need(string trialId) => _needs.TryGetValue(trialId, out var bytes) ? bytes : null;

    /// <summary>Slots are free and nothing waiting fits them: a trial that fits no registered node at all is named, once.</summary>
    private void ReportTooLarge()
    {
        if (_queue.FirstWhere(id => !_tooLarge.Contains(id) && !_nodes.All.Any(n => n.Suits(Need(id))), DispatchScan) is { } id)
        {
            _tooLarge.Add(id);
            _log.Warning("Trial {TrialId} needs about {Need}; no registered node has a device with that much memory, so it waits for one",
                id, TrialMemory.Gib(Need(id)!.Value));
        }
    }

    /// <summary>Sends the dispatches whose attempts the last flush stored.</summary>
    private void SendStored()
    {
        foreach (var trial in _unsent)
        {
            if (!_attempts.IsCurrent(trial.Id, trial.Attempt)) continue;   // ended before it was sent (its node left)
            var checkpoints = _store.CheckpointsOf(trial.Id);
            _trials.Tell(new StartTrial(trial.Id, trial.Attempt, trial.Node!, trial.Spec, Resumes: checkpoints.Count > 0));
            if (checkpoints.Count == 0) continue;
            var sent = trial;
            _transfers.Serve(checkpoints).PipeTo(Self,
                success: served => new ResumeServed(sent, served.Chosen, served.Bytes, served.Damaged, null),
                failure: error => new ResumeServed(sent, null, null, [], TaskFailures.Innermost(error).Message));
        }

        _unsent.Clear();
    }

    private bool IsCurrent(ITrialReport report) => _attempts.IsCurrent(report.TrialId, report.Attempt);

    /// <summary>Whether the report comes from the member the attempt was dispatched to (its trial entity lives beside that node's agent).</summary>
    private bool FromItsNode(ITrialReport report) =>
        _nodes.Find(Record(report.TrialId).Node ?? "") is { } node && node.Agent.Path.Address == Sender.Path.Address;

    /// <summary>Another member speaks for an attempt it does not run: ignored, so it can neither finish nor fail the attempt.</summary>
    private void Foreign(ITrialReport report) =>
        _log.Warning("Ignored {Report} for trial {TrialId} attempt {Attempt} from {Sender}: the attempt runs on node {Node}",
            report.GetType().Name, report.TrialId, report.Attempt, Sender.Path.Address, Record(report.TrialId).Node);

    private TrialRecord Record(string trialId) => _writes.Find(trialId) ?? throw new InvalidOperationException($"trial {trialId} is in flight but not held");

    /// <summary>Any trial as it stands: the coordinator's change not yet written, or the stored record.</summary>
    private TrialRecord Current(string trialId) => _writes.Find(trialId) ?? _store.FindTrial(trialId) ?? throw new InvalidOperationException($"trial {trialId} is not stored");

    private void Started(TrialStarted started)
    {
        _attempts.Heard(started.TrialId, Now);
        var record = Record(started.TrialId);
        Update(record with
        {
            State = TrialState.Running, Node = started.NodeKey, Device = started.Device, Processor = ProcessorAfter(record, started),
            StartIteration = started.StartIteration, Iteration = started.StartIteration, StartedUtc = Now,
        });
    }

    /// <summary>
    /// An attempt that resumes a checkpoint made on another processor carries both: its numbers
    /// depend on each (a database moved to another machine, a cluster of mixed nodes).
    /// </summary>
    private static string? ProcessorAfter(TrialRecord record, TrialStarted started)
    {
        if (started.StartIteration == 0) return started.Processor;
        var (before, now) = (record.Processor ?? Unrecorded, started.Processor ?? Unrecorded);
        return before.EndsWith(now, StringComparison.Ordinal) ? before : $"{before}, then {now}";
    }

    private const string Unrecorded = "an unrecorded processor";

    private void Heartbeat(TrialHeartbeat beat)
    {
        _attempts.Heard(beat.TrialId, Now);
        _writes.Refresh(Record(beat.TrialId) with { Iteration = beat.Iteration });
        var progress = new TrialProgressed(beat.TrialId, beat.Attempt, beat.Iteration, beat.Iterations, beat.DiscriminatorLoss, beat.GeneratorLoss, beat.WaitingForSlot);
        foreach (var subscriber in _subscribers) subscriber.Tell(progress);
    }

    private void Ended(TrialEnded ended)
    {
        var trial = Record(ended.TrialId);
        var result = ended.Result;
        // A trace is kept only with a final result: a cancelled or retried attempt's curves would be cut short.
        if (_payloads.TakeTrace(ended.TrialId) is { } trace && (result.Outcome == TrialOutcome.Completed || result.Failure is { Retryable: false }))
            _writes.AddTrace(ended.TrialId, trace);
        Release(trial);
        switch (result.Outcome)
        {
            case TrialOutcome.Completed:
                Finish(trial with
                {
                    State = TrialState.Completed, Iteration = result.Iterations, StartIteration = result.StartIteration,
                    Seconds = trial.Seconds + result.Seconds, FinishedUtc = Now, Categories = result.Categories,
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
                    Finish(trial with { State = TrialState.Failed, Error = failure.Reason, Retryable = false, FinishedUtc = Now, Iteration = result.Iterations });
                break;
        }

        ReleaseIfDone(trial.Node);
        Dispatch();
        CompleteDrain();
    }

    /// <summary>A report the coordinator cannot act on (<see cref="ReportCheck"/>): its attempt is stopped and runs again, counted.</summary>
    private void Malformed(ITrialReport report)
    {
        var trial = Record(report.TrialId);
        var reason = $"node {trial.Node} sent a malformed {report.GetType().Name}: {ReportCheck.Problem(report)}";
        _log.Warning("Trial {TrialId} attempt {Attempt}: {Reason}", trial.Id, trial.Attempt, reason);
        if (trial.Node is not null) _trials.Tell(new StopTrial(trial.Id, trial.Attempt, trial.Node));
        Release(trial);
        Retry(trial, reason);
        ReleaseIfDone(trial.Node);
        Dispatch();
        CompleteDrain();
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
                Retryable = true, FinishedUtc = Now,
            });
            return;
        }

        _log.Warning("Trial {TrialId} attempt {Attempt} failed ({Reason}); it will run again", trial.Id, trial.Attempt, reason);
        Requeue(trial with { State = TrialState.Pending, Failures = failures, Error = reason, Retryable = true }, first: false);
    }

    private void LoseSilentAttempts()
    {
        var silent = _attempts.Silent(Now);
        foreach (var id in silent)
        {
            var trial = Record(id);
            // A silent attempt may still be training: stop it, or it would keep a slot counted as free.
            if (trial.Node is not null) _trials.Tell(new StopTrial(trial.Id, trial.Attempt, trial.Node));
            Release(trial);
            Retry(trial, $"no heartbeat from node {trial.Node} for {_settings.HeartbeatTimeout.TotalSeconds:0} s");
            ReleaseIfDone(trial.Node);
        }

        if (silent.Count == 0) return;
        Dispatch();
        CompleteDrain();
    }

    private void LoseNode(string nodeKey)
    {
        if (_nodes.Remove(nodeKey) is not { } node) return;
        _log.Warning("Node {Node} left with {Running} trial(s) running; they run again elsewhere", nodeKey, node.Running.Count);
        foreach (var id in node.Running.ToList())
        {
            var trial = Record(id);
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
        FlushChanges();   // dispatches still waiting for their flush go out before they are stopped
        foreach (var id in _attempts.TrialIds)
        {
            var trial = Record(id);
            _trials.Tell(new StopTrial(trial.Id, trial.Attempt, trial.Node!));
        }

        CompleteDrain();
    }

    private void CompleteDrain()
    {
        if (!Draining || _attempts.Count > 0) return;
        FlushChanges();
        _drainRequester!.Tell(new Drained(_interrupted));
    }

    /// <summary>The attempt is over: its slot is free and whatever it sent in pieces is dropped.</summary>
    private void Release(TrialRecord trial)
    {
        _attempts.End(trial.Id);
        _payloads.Forget(trial.Id);
        _nodes.Release(trial.Node, trial.Id);
    }

    private void Requeue(TrialRecord trial, bool first)
    {
        Update(trial with { Node = null });
        if (first) _queue.EnqueueFirst(trial.Id);
        else _queue.Enqueue(trial.Id);
    }

    private void Finish(TrialRecord trial)
    {
        Update(trial);   // the flush that stores it also drops its checkpoint
        _needs.Remove(trial.Id);
        _tooLarge.Remove(trial.Id);
        foreach (var (sweep, group) in _sweeps.GroupsOf(trial.Id)) GrowGroup(sweep, group);
        foreach (var sweep in _sweeps.TrialFinished(trial.Id)) CompleteSweep(sweep);
    }

    /// <summary>
    /// An adaptive sweep's group whose seeds are all final gets its next seeds when its interval is
    /// still too wide: the results so far are stored first, then the new trials, then the sweep
    /// naming them; a crash in between leaves only unreferenced pending trials, and the restarted
    /// coordinator, judging the same stored results, adds the same seeds.
    /// </summary>
    private void GrowGroup(ActiveSweep sweep, int group)
    {
        var (added, halfWidth) = sweep.Groups!.Grow(group, Current);
        if (added.Count == 0) return;
        FlushChanges();
        _store.AddNewTrials(added, added.Where(t => _store.FindTrial(t.Id) is not null).Select(t => t.Id).ToHashSet());
        var stored = _store.FindSweep(sweep.Name)!;
        _store.SaveSweepRecord(stored with { TrialIds = [.. stored.TrialIds, .. added.Select(t => t.Id).Where(id => !stored.TrialIds.Contains(id))] });
        // A trial stored before (by another sweep) may be done already, or queued or running for it.
        var unfinished = added.Select(t => t.Id).Where(id => !Current(id).State.IsFinal()).ToList();
        foreach (var trial in added) _needs[trial.Id] = TrialMemory.Of(ParsedSpecs.Of(trial.Spec)).Bytes;
        _sweeps.Grew(sweep, unfinished);
        foreach (var id in unfinished.Where(id => !_writes.Holds(id))) _queue.Enqueue(id);

        _log.Info("Sweep {Sweep}: group {Group} after {Seeds} seed(s): 95% CI half-width {HalfWidth}, wider than the target; adding seed(s) {Added}",
            sweep.Name, sweep.Groups.Label(group), sweep.Groups.TrialsOf(group).Count - added.Count,
            halfWidth?.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) ?? "undefined (fewer than 3 values)",
            string.Join(", ", added.Select(t => TrialSpec.FromJson(t.Spec).Seed)));
        foreach (var subscriber in _subscribers) subscriber.Tell(new SweepStored(sweep.Name));
    }

    /// <summary>Every trial of the sweep is final: once that is durable, say so.</summary>
    private void CompleteSweep(ActiveSweep sweep)
    {
        FlushChanges();
        _log.Info("Sweep {Sweep} finished", sweep.Name);
        sweep.Submitter.Tell(new SweepFinished(sweep.Name));
        foreach (var subscriber in _subscribers.Where(s => !s.Equals(sweep.Submitter))) subscriber.Tell(new SweepFinished(sweep.Name));
    }

    private void Update(TrialRecord trial, TrialState? stored = null)
    {
        if (_writes.Update(trial, stored)) Self.Tell(Flush.Instance);
    }

    private void FlushChanges()
    {
        var changes = _writes.Flush(Save).Select(c => new TrialChanged(StatusOf(c.Trial), c.Previous)).ToList();
        if (changes.Count > 0)
            foreach (var subscriber in _subscribers)
            {
                if (_batched.Contains(subscriber)) subscriber.Tell(new TrialsChanged(changes));
                else foreach (var change in changes) subscriber.Tell(change);
            }

        SendStored();
    }

    private void Save(IReadOnlyCollection<TrialRecord> records, IReadOnlyDictionary<string, byte[]> traces)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _store.Save(records, traces);
        _settings.Observer.Flushed(System.Diagnostics.Stopwatch.GetElapsedTime(started), records.Count);
    }

    /// <summary>What subscribers see of a stored record: a message of its own, so the store may change shape.</summary>
    internal static TrialStatus StatusOf(TrialRecord record) => new(
        record.Id, record.Spec, record.State, record.Attempt, record.Failures, record.Node,
        record.Iteration, record.StartIteration, record.Seconds, record.State == TrialState.Completed ? record.Metrics() : null, record.Error,
        record.StartedUtc, record.FinishedUtc, record.Categories, record.Retryable, record.Device, record.Processor, record.ImportedFrom);

    /// <summary>A submission being admitted: read, then decided off the actor, then stored a chunk at a time.</summary>
    private sealed record Admission(SweepDefinition Definition, string Source, IActorRef Submitter)
    {
        public AdmissionDecided? Decided { get; set; }
    }

    /// <param name="StoredIds">Every trial id in the database when the decision was made; grows as trials are added.</param>
    /// <param name="Needs">The memory each trial of the grid needs.</param>
    /// <param name="Fresh">The trials the admission inserts (not stored before), by id: as stored until the sweep starts.</param>
    private sealed record AdmissionDecided(
        SweepAdmission.Decision Decision, HashSet<string> StoredIds, IReadOnlyDictionary<string, long> Needs, IReadOnlyDictionary<string, TrialRecord> Fresh);

    private sealed record AdmissionFailed(Exception Error);

    private sealed record AddTrials(int Offset);

    private sealed record NodeGone(string NodeKey, IActorRef Agent);

    private sealed record SubscriberGone(IActorRef Subscriber);

    /// <summary>An offered checkpoint pulled into its file (<see cref="Stored"/>), or why not (<see cref="Failure"/>).</summary>
    private sealed record CheckpointPulled(TrialCheckpointOffer Offer, IActorRef Node, StoredCheckpoint? Stored, string? Failure);

    /// <summary>The checkpoint a dispatched attempt resumes from, ready to pull; none when every stored one is damaged or reading failed (<see cref="Error"/>).</summary>
    private sealed record ResumeServed(TrialRecord Trial, StoredCheckpoint? Chosen, ISourceRef<byte[]>? Bytes, IReadOnlyList<StoredCheckpoint> Damaged, string? Error);

    private sealed class CheckHeartbeats
    {
        public static readonly CheckHeartbeats Instance = new();
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}

using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Sweep.Orchestration.Coordination;
using Sweep.Store;

namespace Sweep.Orchestration.Live;

/// <summary>
/// Keeps a live copy of the coordinator's sweeps for the dashboard and the HTTP API, so that reading
/// them never touches the database or the coordinator's mailbox: each stored sweep is read once
/// (<see cref="ReadSweep"/>, off the coordinator's thread; a sweep it admits comes read, its new
/// trials from the coordinator's memory), then kept current from the
/// <see cref="TrialChanged"/> events every subscriber gets. Publishes to a <see cref="LiveBoard"/>.
/// </summary>
/// <remarks>
/// Supervision: the default (restart). A restarted instance subscribes and reads every sweep again,
/// which is all its state.
/// </remarks>
public sealed class LiveSweepsActor : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan NodesInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long changes gather before they are applied together: the view lags the database by at most this.</summary>
    public static readonly TimeSpan ApplyInterval = TimeSpan.FromMilliseconds(100);

    private readonly IActorRef _coordinator;
    private readonly LiveBoard _board;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private LiveState _state = LiveState.Empty;
    private readonly Dictionary<string, HashSet<string>> _sweepsOfTrial = [];

    /// <summary>Sweeps being read: null until the coordinator begins the read it was asked for, then the read under way.</summary>
    private readonly Dictionary<string, ReadUnderWay?> _reads = [];
    private readonly HashSet<string> _readAgain = [];

    /// <summary>Changes and heartbeats heard, waiting for the next batch (<see cref="ApplyInterval"/>).</summary>
    private readonly List<TrialStatus> _changes = [];
    private readonly Dictionary<string, LiveProgress> _progress = [];
    private bool _listed;

    public LiveSweepsActor(IActorRef coordinator, LiveBoard board)
    {
        _coordinator = coordinator;
        _board = board;
        Receive<SweepsListed>(listed =>
        {
            foreach (var name in listed.Names) RequestRead(name);
            _listed = true;
            Publish(_state);
        });
        Receive<SweepStored>(stored => RequestRead(stored.Name));
        Receive<SweepReading>(reading =>
        {
            ApplyPending();   // what was heard before the read began is older than the read: applied first
            _reads[reading.Name] = new ReadUnderWay(reading.Read);   // a later read supersedes one under way (its pieces are dropped)
        });
        Receive<SweepRead>(Read);
        Receive<ApplyChanges>(_ => ApplyPending());
        Receive<TrialsChanged>(changed =>
        {
            foreach (var change in changed.Changes) Changed(change);
        });
        Receive<TrialProgressed>(Progressed);
        Receive<NodeList>(list => Publish(_state with { Nodes = list.Nodes }));
        Receive<RefreshNodes>(_ => _coordinator.Tell(new ListNodes()));
        Receive<CoordinatorFaulted>(faulted => Publish(_state with { Fault = faulted.Reason }));
        Receive<SweepRefused>(refused => _log.Warning("Live view: {Reason}", refused.Reason));
        Receive<SweepFinished>(_ => { });   // the trials' own changes already say so
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, LiveBoard board) => Akka.Actor.Props.Create(() => new LiveSweepsActor(coordinator, board));

    protected override void PreStart()
    {
        _coordinator.Tell(new Subscribe(Batched: true));   // first, so that no change falls between the reads and the events
        _coordinator.Tell(new ListSweeps());
        _coordinator.Tell(new ListNodes());
        Timers.StartPeriodicTimer(nameof(RefreshNodes), RefreshNodes.Instance, NodesInterval);
    }

    private void RequestRead(string name)
    {
        if (_reads.ContainsKey(name))
        {
            _readAgain.Add(name);   // one read at a time per sweep: changes buffered for one read must not meet another's
            return;
        }

        _reads[name] = null;
        _coordinator.Tell(new ReadSweep(name));
    }

    private void Read(SweepRead read)
    {
        if (_reads.GetValueOrDefault(read.Name) is not { } underWay || underWay.Number != read.Read) return;   // superseded
        ApplyPending();
        var (pieces, since) = (underWay.Pieces, underWay.Since);
        if (read.Sweep is not null)
        {
            pieces.AddRange(read.Trials);
            if (!read.Last) return;
        }

        _reads.Remove(read.Name);
        if (read.Error is not null) _log.Warning("Live view: {Error}", read.Error);
        var sweeps = _state.Sweeps;
        if (sweeps.TryGetValue(read.Name, out var old))
            foreach (var id in old.Trials.Keys) Forget(id, read.Name);
        if (read.Sweep is null)
        {
            sweeps = read.Error is null ? sweeps.Remove(read.Name) : sweeps;
        }
        else
        {
            var trials = pieces.ToImmutableDictionary(t => t.Id, t => Apply(new TrialRecord { Id = t.Id, Spec = t.Spec }, t));
            foreach (var id in trials.Keys) Remember(id, read.Name);
            var facts = read.Sweep;
            var live = new LiveSweep(new SweepRecord
            {
                Name = facts.Name, Fingerprint = facts.Fingerprint, Definition = facts.Definition, CreatedUtc = facts.CreatedUtc, TrialIds = [.. facts.TrialIds],
            }, trials);
            foreach (var status in since.Where(s => live.Trials.ContainsKey(s.Id)))
                live = live with { Trials = live.Trials.SetItem(status.Id, Apply(live.Trials[status.Id], status)) };
            sweeps = sweeps.SetItem(read.Name, live);
        }

        Publish(_state with { Sweeps = sweeps });
        if (_readAgain.Remove(read.Name)) RequestRead(read.Name);
    }

    private void Changed(TrialChanged change)
    {
        foreach (var read in _reads.Values) read?.Since.Add(change.Trial);
        if (!_sweepsOfTrial.ContainsKey(change.Trial.Id)) return;   // a sweep not read yet: its read will have it
        _changes.Add(change.Trial);
        ApplySoon();
    }

    private void Progressed(TrialProgressed progress)
    {
        if (progress.WaitingForSlot || !_sweepsOfTrial.ContainsKey(progress.TrialId)) return;
        _progress[progress.TrialId] = new LiveProgress(progress.Attempt, progress.Iteration, progress.Iterations, progress.DiscriminatorLoss, progress.GeneratorLoss, DateTime.UtcNow);
        ApplySoon();
    }

    private void ApplySoon()
    {
        if (!Timers.IsTimerActive(nameof(ApplyChanges))) Timers.StartSingleTimer(nameof(ApplyChanges), ApplyChanges.Instance, ApplyInterval);
    }

    /// <summary>Every change and heartbeat heard since the last batch, in one new state: each sweep's trials rebuilt once, not once per change.</summary>
    private void ApplyPending()
    {
        Timers.Cancel(nameof(ApplyChanges));
        if (_changes.Count == 0 && _progress.Count == 0) return;
        var sweeps = _state.Sweeps.ToBuilder();
        var progress = _state.Progress.ToBuilder();
        foreach (var (id, heard) in _progress) progress[id] = heard;
        // A change carries all a record's changing fields: a trial's last change in the batch is all it needs.
        var latest = new Dictionary<string, TrialStatus>(StringComparer.Ordinal);
        foreach (var status in _changes) latest[status.Id] = status;
        foreach (var group in latest.Values.SelectMany(status => _sweepsOfTrial.GetValueOrDefault(status.Id) ?? [], (status, name) => (status, name)).GroupBy(c => c.name))
        {
            var trials = sweeps[group.Key].Trials.ToBuilder();
            foreach (var (status, _) in group) trials[status.Id] = Apply(trials[status.Id], status);
            sweeps[group.Key] = sweeps[group.Key] with { Trials = trials.ToImmutable() };
        }

        foreach (var status in latest.Values.Where(s => s.State is not (TrialState.Running or TrialState.Dispatched))) progress.Remove(status.Id);
        _changes.Clear();
        _progress.Clear();
        Publish(_state with { Sweeps = sweeps.ToImmutable(), Progress = progress.ToImmutable() });
    }

    /// <summary>A stored record brought up to date by a change: what the change carries, over what it does not (the record's other fields), as the database holds it.</summary>
    internal static TrialRecord Apply(TrialRecord record, TrialStatus status) => record with
    {
        State = status.State, Attempt = status.Attempt, Failures = status.Failures, Node = status.Node, Device = status.Device, Processor = status.Processor,
        ImportedFrom = status.ImportedFrom,
        Iteration = status.Iteration, StartIteration = status.StartIteration, Seconds = status.Seconds, Error = status.Error,
        StartedUtc = TrialRecord.StoredTime(status.StartedUtc), FinishedUtc = TrialRecord.StoredTime(status.FinishedUtc),
        Categories = status.Categories, Retryable = status.Retryable,
        Modes = status.Metrics?.Modes, MaxModes = status.Metrics?.MaxModes, HighQuality = status.Metrics?.HighQuality,
        Kl = status.Metrics?.Kl, IvomMean = status.Metrics?.IvomMean, IvomStd = status.Metrics?.IvomStd,
        ShellModes = status.Metrics?.ShellModes, ShellHighQuality = status.Metrics?.ShellHighQuality,
    };

    private void Remember(string trialId, string sweep)
    {
        if (!_sweepsOfTrial.TryGetValue(trialId, out var names)) _sweepsOfTrial[trialId] = names = [];
        names.Add(sweep);
    }

    private void Forget(string trialId, string sweep)
    {
        if (_sweepsOfTrial.TryGetValue(trialId, out var names) && names.Remove(sweep) && names.Count == 0) _sweepsOfTrial.Remove(trialId);
    }

    private void Publish(LiveState state)
    {
        _state = state with { Version = _state.Version + 1 };
        _board.Publish(_state, loaded: _listed && _reads.Count == 0);
    }

    /// <summary>A read begun by the coordinator: its pieces so far, and the changes heard since it began, applied again over it.</summary>
    private sealed class ReadUnderWay(long number)
    {
        public long Number { get; } = number;
        public List<TrialStatus> Pieces { get; } = [];
        public List<TrialStatus> Since { get; } = [];
    }

    private sealed class RefreshNodes
    {
        public static readonly RefreshNodes Instance = new();
    }

    private sealed class ApplyChanges
    {
        public static readonly ApplyChanges Instance = new();
    }
}

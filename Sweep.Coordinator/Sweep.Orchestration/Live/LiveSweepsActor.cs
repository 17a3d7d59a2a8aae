using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Sweep.Orchestration.Coordination;
using Sweep.Store;

namespace Sweep.Orchestration.Live;

/// <summary>
/// Keeps a live copy of the coordinator's sweeps for the dashboard and the HTTP API, so that reading
/// them never touches the database or the coordinator's mailbox: each stored sweep is read once
/// (<see cref="ReadSweep"/>, off the coordinator's thread), then kept current from the
/// <see cref="TrialChanged"/> events every subscriber gets. Publishes to a <see cref="LiveBoard"/>.
/// </summary>
/// <remarks>
/// Supervision: the default (restart). A restarted instance subscribes and reads every sweep again,
/// which is all its state.
/// </remarks>
public sealed class LiveSweepsActor : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan NodesInterval = TimeSpan.FromSeconds(2);

    private readonly IActorRef _coordinator;
    private readonly LiveBoard _board;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private LiveState _state = LiveState.Empty;
    private readonly Dictionary<string, HashSet<string>> _sweepsOfTrial = [];

    /// <summary>Sweeps being read: the changes heard since the coordinator began the read, applied again over it.</summary>
    private readonly Dictionary<string, List<TrialStatus>?> _reads = [];
    private readonly HashSet<string> _readAgain = [];
    private int _listsUnread = 1;

    public LiveSweepsActor(IActorRef coordinator, LiveBoard board)
    {
        _coordinator = coordinator;
        _board = board;
        Receive<SweepsListed>(listed =>
        {
            foreach (var name in listed.Names) RequestRead(name);
            _listsUnread = 0;
            Publish(_state);
        });
        Receive<SweepStored>(stored => RequestRead(stored.Name));
        Receive<SweepReading>(reading => _reads[reading.Name] = []);
        Receive<SweepRead>(Read);
        Receive<TrialChanged>(Changed);
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
        _coordinator.Tell(new Subscribe());   // first, so that no change falls between the reads and the events
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
        var since = _reads.GetValueOrDefault(read.Name) ?? [];
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
            var trials = read.Trials.ToImmutableDictionary(t => t.Id, t => Apply(new TrialRecord { Id = t.Id, Spec = t.Spec }, t));
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
        var status = change.Trial;
        foreach (var buffer in _reads.Values) buffer?.Add(status);
        if (!_sweepsOfTrial.TryGetValue(status.Id, out var names)) return;   // a sweep not read yet: its read will have it
        var sweeps = _state.Sweeps;
        foreach (var name in names)
        {
            var live = sweeps[name];
            sweeps = sweeps.SetItem(name, live with { Trials = live.Trials.SetItem(status.Id, Apply(live.Trials[status.Id], status)) });
        }

        var progress = status.State is TrialState.Running or TrialState.Dispatched ? _state.Progress : _state.Progress.Remove(status.Id);
        Publish(_state with { Sweeps = sweeps, Progress = progress });
    }

    private void Progressed(TrialProgressed progress)
    {
        if (progress.WaitingForSlot || !_sweepsOfTrial.ContainsKey(progress.TrialId)) return;
        var heard = new LiveProgress(progress.Attempt, progress.Iteration, progress.Iterations, progress.DiscriminatorLoss, progress.GeneratorLoss, DateTime.UtcNow);
        Publish(_state with { Progress = _state.Progress.SetItem(progress.TrialId, heard) });
    }

    /// <summary>A stored record brought up to date by a change: what the change carries, over what it does not (the record's other fields), as the database holds it.</summary>
    internal static TrialRecord Apply(TrialRecord record, TrialStatus status) => (record with
    {
        State = status.State, Attempt = status.Attempt, Failures = status.Failures, Node = status.Node,
        Iteration = status.Iteration, StartIteration = status.StartIteration, Seconds = status.Seconds, Error = status.Error,
        StartedUtc = status.StartedUtc, FinishedUtc = status.FinishedUtc, Categories = status.Categories, Retryable = status.Retryable,
        Modes = status.Metrics?.Modes, MaxModes = status.Metrics?.MaxModes, HighQuality = status.Metrics?.HighQuality,
        Kl = status.Metrics?.Kl, IvomMean = status.Metrics?.IvomMean, IvomStd = status.Metrics?.IvomStd,
        ShellModes = status.Metrics?.ShellModes, ShellHighQuality = status.Metrics?.ShellHighQuality,
    }).AsStored();

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
        _board.Publish(_state, loaded: _listsUnread == 0 && _reads.Count == 0);
    }

    private sealed class RefreshNodes
    {
        public static readonly RefreshNodes Instance = new();
    }
}

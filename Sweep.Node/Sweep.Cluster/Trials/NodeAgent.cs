using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Sweep.Cluster.Protocol;

namespace Sweep.Cluster.Trials;

/// <summary>
/// Offers this node's slots to the coordinator and keeps offering them: the coordinator may start
/// after the node, or restart, and registering twice is harmless. The coordinator watches this
/// actor to learn that the node has gone. On <see cref="Leave"/> (the node shutting down) it asks
/// the coordinator to take the node's trials back and answers once they are handed over.
/// </summary>
/// <remarks>
/// It first waits until the shard coordinator knows this node's region: a trial placed on a node
/// whose region is not registered yet would be allocated elsewhere, and its shard would stay there.
/// </remarks>
public sealed class NodeAgent : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan UntilAcknowledged = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WhileAcknowledged = TimeSpan.FromSeconds(10);

    private readonly IActorRef _coordinator;
    private readonly IActorRef _region;
    private readonly Address _self;
    private readonly RegisterNode _registration;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _acknowledged;
    private bool _regionKnown;
    private IActorRef? _leaveRequester;

    public NodeAgent(IActorRef coordinator, IActorRef region, Address self, RegisterNode registration)
    {
        _coordinator = coordinator;
        _region = region;
        _self = self;
        _registration = registration;

        Receive<Register>(_ =>
        {
            if (_regionKnown) _coordinator.Tell(_registration);
            else _region.Tell(GetCurrentRegions.Instance);
        });
        Receive<CurrentRegions>(regions =>
        {
            _regionKnown = regions.Regions.Contains(_self);
            if (_regionKnown) _coordinator.Tell(_registration);
        });
        Receive<NodeRegistered>(_ =>
        {
            if (!_acknowledged)
                _log.Info("Node {Node} registered {Slots} slot(s) with the coordinator", _registration.NodeKey, _registration.SlotDevices.Count);
            _acknowledged = true;
            Timers.StartPeriodicTimer(nameof(Register), Register.Instance, WhileAcknowledged);
        });
        Receive<Leave>(_ =>
        {
            _leaveRequester = Sender;
            Become(Leaving);
            _coordinator.Tell(new NodeLeaving(_registration.NodeKey));
            Timers.StartPeriodicTimer(nameof(Leave), Leave.Instance, UntilAcknowledged);
        });
    }

    /// <summary>Asks again until the coordinator answers: it may be moving, or busy with a burst.</summary>
    private void Leaving()
    {
        Receive<Leave>(_ => _coordinator.Tell(new NodeLeaving(_registration.NodeKey)));
        Receive<NodeReleased>(_ =>
        {
            Timers.CancelAll();
            _leaveRequester!.Tell(Done.Instance);
        });
        ReceiveAny(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, IActorRef region, Address self, RegisterNode registration) =>
        Akka.Actor.Props.Create(() => new NodeAgent(coordinator, region, self, registration));

    protected override void PreStart()
    {
        _region.Tell(GetCurrentRegions.Instance);
        Timers.StartPeriodicTimer(nameof(Register), Register.Instance, UntilAcknowledged);
    }

    /// <summary>Hand the node's trials back; answered with <see cref="Done"/>.</summary>
    public sealed class Leave
    {
        public static readonly Leave Instance = new();
    }

    private sealed class Register
    {
        public static readonly Register Instance = new();
    }
}

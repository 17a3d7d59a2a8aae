using Akka.Actor;
using Akka.Event;
using Sweep.Node.Protocol;

namespace Sweep.Node.Trials;

/// <summary>
/// Offers this node's slots to the coordinator and keeps offering them: the coordinator may start
/// after the node, or restart, and registering twice is harmless. The coordinator watches this
/// actor to learn that the node has gone.
/// </summary>
public sealed class NodeAgent : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan UntilAcknowledged = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WhileAcknowledged = TimeSpan.FromSeconds(10);

    private readonly IActorRef _coordinator;
    private readonly RegisterNode _registration;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _acknowledged;

    public NodeAgent(IActorRef coordinator, RegisterNode registration)
    {
        _coordinator = coordinator;
        _registration = registration;

        Receive<Register>(_ => _coordinator.Tell(_registration));
        Receive<NodeRegistered>(_ =>
        {
            if (!_acknowledged)
                _log.Info("Node {0} registered {1} slot(s) with the coordinator", _registration.NodeKey, _registration.SlotDevices.Count);
            _acknowledged = true;
            Timers.StartPeriodicTimer(nameof(Register), Register.Instance, WhileAcknowledged);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, RegisterNode registration) =>
        Akka.Actor.Props.Create(() => new NodeAgent(coordinator, registration));

    protected override void PreStart()
    {
        _coordinator.Tell(_registration);
        Timers.StartPeriodicTimer(nameof(Register), Register.Instance, UntilAcknowledged);
    }

    private sealed class Register
    {
        public static readonly Register Instance = new();
    }
}

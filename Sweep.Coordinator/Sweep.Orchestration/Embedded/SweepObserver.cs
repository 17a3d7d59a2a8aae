using System.Threading.Channels;
using Akka.Actor;
using Sweep.Orchestration.Coordination;

namespace Sweep.Orchestration.Embedded;

/// <summary>
/// The command line's ear in the cluster: subscribes to the coordinator, submits the sweep (when
/// given one) and passes every reply and event to a channel the command reads outside the actor system.
/// Start it with <see cref="SweepObserving.Start"/>, which also reports its system's end.
/// </summary>
public sealed class SweepObserver : ReceiveActor
{
    private readonly IActorRef _coordinator;
    private readonly SubmitSweep? _submit;

    public SweepObserver(IActorRef coordinator, SubmitSweep? submit, ChannelWriter<object> events)
    {
        _coordinator = coordinator;
        _submit = submit;
        ReceiveAny(message => events.TryWrite(message));
    }

    public static Props Props(IActorRef coordinator, SubmitSweep? submit, ChannelWriter<object> events) =>
        Akka.Actor.Props.Create(() => new SweepObserver(coordinator, submit, events));

    protected override void PreStart()
    {
        _coordinator.Tell(new Subscribe());
        if (_submit is not null) _coordinator.Tell(_submit);
    }
}

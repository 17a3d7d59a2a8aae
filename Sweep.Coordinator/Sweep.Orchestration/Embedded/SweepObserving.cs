using System.Threading.Channels;
using Akka.Actor;
using Sweep.Orchestration.Coordination;

namespace Sweep.Orchestration.Embedded;

/// <summary>Written to an observer's channel when its actor system ends: no answer can come any more.</summary>
public sealed record ObserverSystemEnded;

/// <summary>Starts a <see cref="SweepObserver"/> whose reader also learns when the observer's system ends.</summary>
public static class SweepObserving
{
    /// <summary>
    /// The system's end is watched here, before the actor starts, so a system that ends (the member was
    /// downed, or the process shuts down) before the observer runs still writes <see cref="ObserverSystemEnded"/>.
    /// </summary>
    public static IActorRef Start(ActorSystem system, IActorRef coordinator, SubmitSweep? submit, ChannelWriter<object> events, string name)
    {
        system.WhenTerminated.ContinueWith(_ => events.TryWrite(new ObserverSystemEnded()), TaskScheduler.Default);
        return system.ActorOf(SweepObserver.Props(coordinator, submit, events), name);
    }
}

using Akka.Actor;
using Akka.Event;

namespace Sweep.Cluster.Trials;

/// <summary>
/// A node's slots: a trial trains only while it holds one, so a node never trains more trials at
/// once than it has slots, whatever arrives. Requests wait in arrival order; a holder that dies
/// gives its slot back. The gate never restarts: a restarted gate would forget which trials hold
/// its slots and grant them again, so a message it cannot handle is logged and dropped instead.
/// </summary>
public sealed class SlotGate : ReceiveActor
{
    public sealed record Acquire(string TrialId, int Attempt);

    public sealed record Granted(string TrialId, int Attempt, int Slot, string Device);

    public sealed record Release(int Slot);

    private readonly IReadOnlyList<string> _devices;
    private readonly IActorRef?[] _holders;
    private readonly Queue<(IActorRef Requester, Acquire Request)> _waiting = new();
    private readonly HashSet<IActorRef> _watched = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SlotGate(IReadOnlyList<string> slotDevices)
    {
        _devices = slotDevices;
        _holders = new IActorRef?[slotDevices.Count];

        Receive<Acquire>(request =>
        {
            _waiting.Enqueue((Sender, request));
            if (_watched.Add(Sender))
                Context.WatchWith(Sender, new HolderStopped(Sender));
            GrantFreeSlots();
        });
        Receive<Release>(release =>
        {
            if (release.Slot < 0 || release.Slot >= _holders.Length || _holders[release.Slot] != Sender)
            {
                _log.Warning("Ignored a release of slot {Slot} by {Sender}, which does not hold it", release.Slot, Sender);
                return;
            }

            _holders[release.Slot] = null;
            GrantFreeSlots();
        });
        Receive<HolderStopped>(stopped =>
        {
            _watched.Remove(stopped.Holder);
            for (var slot = 0; slot < _holders.Length; slot++)
                if (_holders[slot] == stopped.Holder)
                {
                    _log.Info("Slot {Slot} freed: its trial entity stopped", slot);
                    _holders[slot] = null;
                }

            var stillWaiting = _waiting.Where(w => w.Requester != stopped.Holder).ToList();
            _waiting.Clear();
            foreach (var waiting in stillWaiting) _waiting.Enqueue(waiting);
            GrantFreeSlots();
        });
    }

    /// <summary>Resumes rather than restarts: one bad message costs that message, never the record of who holds which slot.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch (Exception e)
        {
            _log.Error(e, "Dropped {Message}: the slots stay as they were", message);
            return true;
        }
    }

    public static Props Props(IReadOnlyList<string> slotDevices) =>
        Akka.Actor.Props.Create(() => new SlotGate(slotDevices));

    private void GrantFreeSlots()
    {
        for (var slot = 0; slot < _holders.Length && _waiting.Count > 0; slot++)
        {
            if (_holders[slot] is not null) continue;
            var (requester, request) = _waiting.Dequeue();
            _holders[slot] = requester;
            requester.Tell(new Granted(request.TrialId, request.Attempt, slot, _devices[slot]));
        }
    }

    private sealed record HolderStopped(IActorRef Holder);
}

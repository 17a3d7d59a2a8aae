using Akka.Actor;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// The roles each remote member has proven to this member's <see cref="Sweep.Cluster.Hosting.RoleGuard"/>,
/// and the requests of members not checked yet: those wait (a member is challenged as soon as it is
/// up, so the wait is a round trip) and are handed back once its check ends either way.
/// </summary>
/// <param name="on">False without TLS (<c>--insecure</c>): there are no certificates to prove anything with.</param>
public sealed class ProvenRoles(bool on)
{
    /// <summary>At most this many requests wait; beyond it the oldest is dropped (a node registers again every second).</summary>
    public const int MostWaiting = 1_000;

    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    private readonly Dictionary<Address, IReadOnlySet<string>> _roles = [];
    private readonly List<(Address From, object Message, IActorRef Sender)> _waiting = [];

    /// <summary>True when members prove roles at all (the cluster uses TLS).</summary>
    public bool On => on;

    /// <summary>A remote member not checked yet; local senders (this process's own actors) need no proof.</summary>
    public bool Unchecked(IActorRef sender) => on && IsRemote(sender) && !_roles.ContainsKey(sender.Path.Address);

    /// <summary>A checked remote member whose certificate carries none of <paramref name="roles"/>.</summary>
    public bool Lacks(IActorRef sender, params string[] roles) =>
        on && IsRemote(sender) && _roles.TryGetValue(sender.Path.Address, out var held) && !roles.Any(held.Contains);

    public void Wait(object message, IActorRef sender)
    {
        if (_waiting.Count == MostWaiting) _waiting.RemoveAt(0);
        _waiting.Add((sender.Path.Address, message, sender));
    }

    /// <summary>Records a member's check (no roles when it was refused) and returns its waiting requests, to be handled again.</summary>
    public IReadOnlyList<(object Message, IActorRef Sender)> Checked(Address member, IReadOnlySet<string>? roles)
    {
        _roles[member] = roles ?? None;
        var released = _waiting.Where(w => w.From.Equals(member)).Select(w => (w.Message, w.Sender)).ToList();
        _waiting.RemoveAll(w => w.From.Equals(member));
        return released;
    }

    /// <summary>The member was removed; a later one at its address is checked anew.</summary>
    public void Forget(Address member) => _roles.Remove(member);

    private static bool IsRemote(IActorRef sender) => sender.Path.Address.HasGlobalScope;
}

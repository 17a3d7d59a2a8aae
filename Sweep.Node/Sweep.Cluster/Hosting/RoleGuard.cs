using System.Collections.Immutable;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Sweep.Cluster.Protocol;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// Ties the roles a member claims to its certificate. It answers peers' challenges with this
/// member's proof and, on members that schedule or train, challenges every other member once it
/// is up: a member whose proof fails (a client's certificate claiming to train or to coordinate, a
/// revoked or foreign certificate, a signature for another address) or that does not answer is
/// downed. The coordinator acts on a remote member's requests only once this guard has checked it
/// (<see cref="Checked"/>, published on the event stream).
/// </summary>
public sealed class RoleGuard : ReceiveActor, IWithTimers
{
    public const string Name = "role-guard";

    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(2);
    private const int Asks = 15;

    private readonly ClusterTls _tls;
    private readonly bool _checkOthers;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Address, (Member Member, byte[] Challenge, int Asked)> _pending = [];
    private ImmutableDictionary<Address, IReadOnlySet<string>> _checked = ImmutableDictionary<Address, IReadOnlySet<string>>.Empty;

    public RoleGuard(ClusterTls tls, bool checkOthers)
    {
        _tls = tls;
        _checkOthers = checkOthers;
        Receive<ProveRoles>(prove => Sender.Tell(new RolesProof(prove.Challenge, _tls.Certificate.RawData, MemberRoles.Sign(_tls.Certificate, _cluster.SelfAddress, prove.Challenge))));
        if (!checkOthers) return;

        Receive<ClusterEvent.MemberUp>(up => Challenge(up.Member));
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            // A later member at the same address (a restarted node, or someone else) proves itself anew.
            _pending.Remove(removed.Member.Address);
            _checked = _checked.Remove(removed.Member.Address);
            Context.System.EventStream.Publish(new Forgotten(removed.Member.Address));
        });
        Receive<AskAgain>(again => AskAgainOrRefuse(again.Address));
        Receive<RolesProof>(Check);
        Receive<GetChecked>(_ => Sender.Tell(new CheckedMembers(_checked)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="checkOthers">False for a short-lived client: it only answers challenges.</param>
    public static Props Props(ClusterTls tls, bool checkOthers) => Akka.Actor.Props.Create(() => new RoleGuard(tls, checkOthers));

    /// <summary>True when this system's members prove their roles: whenever cluster traffic uses TLS.</summary>
    public static bool IsOn(ActorSystem system) => system.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false);

    protected override void PreStart()
    {
        // A guard that only answers needs no membership events.
        if (_checkOthers)
            _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Challenge(Member member)
    {
        if (member.Address.Equals(_cluster.SelfAddress) || _checked.ContainsKey(member.Address)) return;
        _pending[member.Address] = (member, RandomNumberGenerator.GetBytes(32), 0);
        AskAgainOrRefuse(member.Address);
    }

    private void AskAgainOrRefuse(Address address)
    {
        if (!_pending.TryGetValue(address, out var pending)) return;
        if (pending.Asked == Asks)
        {
            Refuse(address, $"it did not prove its roles within {(AskAgainAfter * Asks).TotalSeconds:0} s");
            return;
        }

        _pending[address] = pending with { Asked = pending.Asked + 1 };
        Context.ActorSelection(new RootActorPath(address) / "user" / Name).Tell(new ProveRoles(pending.Challenge));
        Timers.StartSingleTimer(address, new AskAgain(address), AskAgainAfter);
    }

    private void Check(RolesProof proof)
    {
        var address = Sender.Path.Address;
        if (!_pending.TryGetValue(address, out var pending) || !pending.Challenge.AsSpan().SequenceEqual(proof.Challenge)) return;
        _pending.Remove(address);
        Timers.Cancel(address);

        if (MemberRoles.Refusal(_tls, proof.Certificate, proof.Signature, address, pending.Member.Roles, pending.Challenge, DateTime.Now) is { } reason)
        {
            Refuse(address, reason);
            return;
        }

        IReadOnlySet<string> roles = pending.Member.Roles.Where(MemberRoles.Known.Contains).ToHashSet();
        _checked = _checked.SetItem(address, roles);
        _log.Debug("Member {Address} proved its roles {Roles}", address, string.Join(", ", roles));
        Context.System.EventStream.Publish(new Checked(address, roles, Refusal: null));
    }

    private void Refuse(Address address, string reason)
    {
        _pending.Remove(address);
        _log.Warning("Refused member {Address}: {Reason}; it is downed", address, reason);
        Context.System.EventStream.Publish(new Checked(address, new HashSet<string>(), reason));
        _cluster.Down(address);
    }

    /// <summary>A member's check ended: <see cref="Roles"/> are proven, or <see cref="Refusal"/> says why it was downed.</summary>
    public sealed record Checked(Address Address, IReadOnlySet<string> Roles, string? Refusal);

    /// <summary>The member at <see cref="Address"/> was removed: whatever it proved no longer counts.</summary>
    public sealed record Forgotten(Address Address);

    /// <summary>Asks for every member checked so far; answered with <see cref="CheckedMembers"/>.</summary>
    public sealed record GetChecked
    {
        public static readonly GetChecked Instance = new();
    }

    public sealed record CheckedMembers(IReadOnlyDictionary<Address, IReadOnlySet<string>> Roles);

    private sealed record AskAgain(Address Address);
}

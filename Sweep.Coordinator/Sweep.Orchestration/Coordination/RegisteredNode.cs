using Akka.Actor;

namespace Sweep.Orchestration.Coordination;

/// <summary>A node's slots as the coordinator holds them: how many, which trials use them, and whether new trials may go there.</summary>
public sealed class RegisteredNode(string key, IActorRef agent, IReadOnlyList<string> devices, IReadOnlyDictionary<string, long>? memory = null)
{
    public string Key { get; } = key;

    /// <summary>The node's agent; a registration from another agent with the same key is a new incarnation.</summary>
    public IActorRef Agent { get; } = agent;

    /// <summary>Each slot's device, as the node registered them.</summary>
    public IReadOnlyList<string> Devices { get; } = devices;

    public int Slots => Devices.Count;

    /// <summary>Bytes of each device whose memory the node reported.</summary>
    public IReadOnlyDictionary<string, long> Memory { get; } = memory ?? new Dictionary<string, long>();

    /// <summary>Whether a trial needing <paramref name="bytes"/> fits one of the node's devices (one of unknown memory takes any).</summary>
    public bool Suits(long? bytes) => bytes is not { } need || Devices.Distinct().Any(d => Memory.GetValueOrDefault(d, long.MaxValue) >= need);

    public HashSet<string> Running { get; } = [];

    public bool Reachable { get; set; } = true;

    /// <summary>The node announced that it leaves: its trials hand over and nothing new goes to it.</summary>
    public bool Leaving { get; set; }

    /// <summary>Who to answer with NodeReleased once nothing runs on the leaving node.</summary>
    public IActorRef? LeaveRequester { get; set; }

    /// <summary>Slots a new trial may take now: none while the node is unreachable or leaving.</summary>
    public int Free => Reachable && !Leaving ? Slots - Running.Count : 0;

    /// <summary>Leaving, answered, and nothing runs here any more: the node may go.</summary>
    public bool ReadyToRelease => Leaving && LeaveRequester is not null && Running.Count == 0;
}

using System.Diagnostics;
using Akka.Actor;
using Serilog;
using Sweep.Cluster.Protocol;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// For benchmarks (<c>sweep-node --probe-coordinator</c>): pings the coordinator through the same
/// proxy and connection as the trials' reports and logs each round trip (through Serilog: the
/// node's Akka log level is Warning), so a benchmark sees how
/// long the coordinator takes to answer while checkpoints move. A ping unanswered after
/// <see cref="GiveUpAfter"/> is logged as such.
/// </summary>
public sealed class CoordinatorProbe : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    private readonly HashSet<long> _waiting = [];
    private readonly TimeSpan _interval;

    public CoordinatorProbe(IActorRef coordinator, TimeSpan interval)
    {
        Receive<Tick>(_ =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var lost in _waiting.Where(sent => Stopwatch.GetElapsedTime(sent, now) > GiveUpAfter).ToList())
            {
                _waiting.Remove(lost);
                Log.Warning("probe: the coordinator did not answer within {Seconds} s", GiveUpAfter.TotalSeconds);
            }

            _waiting.Add(now);
            coordinator.Tell(new CoordinatorPing(now));
        });
        Receive<CoordinatorPong>(pong => _waiting.Remove(pong.SentTimestamp), pong =>
            Log.Information("probe: the coordinator answered in {Milliseconds} ms",
                Stopwatch.GetElapsedTime(pong.SentTimestamp).TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));
        Receive<CoordinatorPong>(_ => { });   // answered after it was given up on: already logged as lost
        _interval = interval;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, _interval);

    public static Props Props(IActorRef coordinator, TimeSpan interval) => Akka.Actor.Props.Create(() => new CoordinatorProbe(coordinator, interval));

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}

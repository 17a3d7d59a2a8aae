using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Sweep.Cluster.Protocol;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// The Akka configuration every Sweep process starts from. The Akka defaults that would hurt a
/// training cluster are set here on purpose (see DESIGN.md):
/// <list type="bullet">
/// <item>idle passivation is off: a training entity receives nothing for minutes and must not be stopped;</item>
/// <item>shards are never rebalanced (<c>NodeAffinityAllocation</c>), so a joining node moves nothing;</item>
/// <item>the shard coordinator keeps its state in distributed data, without remember-entities:
/// the sweep database, not Akka, remembers which trials exist;</item>
/// <item>the split brain resolver keeps the side with the coordinator (keep-oldest on role
/// <c>coordinator</c>, even when it is alone): workers cut off from it have nobody to report to,
/// while the coordinator holds the database and can re-dispatch their trials;</item>
/// <item>frames stay at Akka's 128 000 bytes: checkpoints travel in chunks instead;</item>
/// <item>the protocol's messages use <see cref="ProtocolSerializer"/>, not Akka's Newtonsoft default;</item>
/// <item>mutual TLS whenever a certificate is given; Akka's log goes to Serilog on stderr.</item>
/// </list>
/// </summary>
public static class ClusterConfig
{
    public const string SystemName = "sweep";
    public const string CoordinatorRole = "coordinator";
    public const string ClientRole = "client";
    public const string CoordinatorDispatcher = "sweep.coordinator-dispatcher";

    /// <summary>The largest frame Akka.Remote sends; checkpoint chunks stay well below it after base64.</summary>
    public const int MaximumFrameBytes = 128_000;

    /// <summary>A loopback member without TLS (the embedded cluster, in-process test clusters).</summary>
    public static Config Create(string hostname, int port, IEnumerable<string> roles, string logLevel = "WARNING") =>
        Create(ClusterOptions.Loopback() with { Bind = new Endpoint(hostname, port) }, roles, logLevel);

    public static Config Create(ClusterOptions options, IEnumerable<string> roles, string logLevel = "WARNING")
    {
        var hocon = $$"""
            akka {
              loglevel = {{logLevel}}
              stdout-loglevel = OFF
              loggers = ["{{typeof(SerilogAkkaLogger).AssemblyQualifiedName}}"]
              log-dead-letters-during-shutdown = off
              actor.provider = cluster
              remote.dot-netty.tcp {
                hostname = "{{options.Bind.Host}}"
                port = {{options.Bind.Port}}
                {{(options.PublicHost is null ? "" : $"public-hostname = \"{options.PublicHost}\"")}}
                enable-ssl = {{(options.Tls is null ? "false" : "true")}}
                maximum-frame-size = {{MaximumFrameBytes}}b
              }
              cluster {
                roles = [{{string.Join(", ", roles.Select(r => $"\"{r}\""))}}]
                failure-detector.acceptable-heartbeat-pause = {{Seconds(options.Timing.HeartbeatPause)}}
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-oldest
                  stable-after = {{Seconds(options.Timing.StableAfter)}}
                  keep-oldest {
                    role = "{{CoordinatorRole}}"
                    down-if-alone = off
                  }
                }
                sharding {
                  state-store-mode = ddata
                  remember-entities = off
                  passivate-idle-entity-after = off
                }
              }
              # The process decides when it ends; Akka must not shut down behind its back.
              coordinated-shutdown.run-by-clr-shutdown-hook = off
              # A worker leaving on SIGTERM first lets its trials checkpoint and hands them back.
              coordinated-shutdown.phases.before-service-unbind.timeout = 60s
            }
            # LiteDB transactions are bound to a thread: the coordinator, the database's only user, keeps one.
            sweep.coordinator-dispatcher {
              type = PinnedDispatcher
            }
            """;
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(ConfigurationFactory.ParseString(ProtocolSerializer.Bindings))
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig());
    }

    /// <summary>Creates the member's ActorSystem (not yet joined), with the TLS setup when the options carry a certificate.</summary>
    public static ActorSystem CreateSystem(ClusterOptions options, IEnumerable<string> roles, string logLevel = "WARNING")
    {
        var setup = BootstrapSetup.Create().WithConfig(Create(options, roles, logLevel));
        return options.Tls is null
            ? ActorSystem.Create(SystemName, setup)
            : ActorSystem.Create(SystemName, ActorSystemSetup.Create(setup, options.Tls.Setup()));
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}

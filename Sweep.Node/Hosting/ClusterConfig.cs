using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;

namespace Sweep.Node.Hosting;

/// <summary>
/// The Akka configuration every Sweep process starts from. The Akka defaults that would hurt a
/// training cluster are set here on purpose (see DESIGN.md):
/// <list type="bullet">
/// <item>idle passivation is off: a training entity receives nothing for minutes and must not be stopped;</item>
/// <item>shards are never rebalanced (<c>NodeAffinityAllocation</c>), so a joining node moves nothing;</item>
/// <item>the shard coordinator keeps its state in distributed data, without remember-entities:
/// the sweep database, not Akka, remembers which trials exist;</item>
/// <item>Akka's log goes to Serilog on stderr, never to stdout.</item>
/// </list>
/// </summary>
public static class ClusterConfig
{
    public const string CoordinatorRole = "coordinator";
    public const string CoordinatorDispatcher = "sweep.coordinator-dispatcher";

    public static Config Create(string hostname, int port, IEnumerable<string> roles, string logLevel = "WARNING")
    {
        var hocon = $$"""
            akka {
              loglevel = {{logLevel}}
              stdout-loglevel = OFF
              loggers = ["{{typeof(SerilogAkkaLogger).AssemblyQualifiedName}}"]
              log-dead-letters-during-shutdown = off
              actor.provider = cluster
              remote.dot-netty.tcp {
                hostname = "{{hostname}}"
                port = {{port}}
              }
              cluster {
                roles = [{{string.Join(", ", roles.Select(r => $"\"{r}\""))}}]
                sharding {
                  state-store-mode = ddata
                  remember-entities = off
                  passivate-idle-entity-after = off
                }
              }
              # The sweep command decides when the process ends; Akka must not shut down behind its back.
              coordinated-shutdown.run-by-clr-shutdown-hook = off
            }
            # LiteDB transactions are bound to a thread: the coordinator, the database's only user, keeps one.
            sweep.coordinator-dispatcher {
              type = PinnedDispatcher
            }
            """;
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig());
    }
}

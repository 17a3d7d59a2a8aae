using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Akka.Remote.Hosting;
using Sweep.Cluster.Protocol;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// What every Sweep member starts from, through Akka.Hosting's builders. The Akka defaults that
/// would hurt a training cluster are set here on purpose (see DESIGN.md):
/// <list type="bullet">
/// <item>the split brain resolver keeps the side with the coordinator (keep-oldest on role
/// <c>coordinator</c>, even when it is alone): workers cut off from it have nobody to report to,
/// while the coordinator holds the database and can re-dispatch their trials;</item>
/// <item>frames stay at Akka's 128 000 bytes: checkpoints travel in chunks instead;</item>
/// <item>every <see cref="ISweepMessage"/> uses <see cref="ProtocolSerializer"/>, not Akka's Newtonsoft default;</item>
/// <item>mutual TLS whenever a certificate is given, and then every member proves the roles it claims
/// with its certificate (<see cref="RoleGuard"/>); Akka's log goes to Serilog (Akka.Logger.Serilog),
/// message templates and all;</item>
/// <item>sharding's own choices (no idle passivation, no rebalancing, ddata without remember-entities)
/// are made where the trial region starts, in <see cref="TrialNode"/>.</item>
/// </list>
/// HOCON remains only for what the builders lack (<see cref="WithoutBuilders"/>).
/// </summary>
public static class ClusterConfig
{
    public const string SystemName = "sweep";
    public const string CoordinatorRole = "coordinator";
    public const string ClientRole = "client";
    public const string CoordinatorDispatcher = "sweep.coordinator-dispatcher";

    /// <summary>The largest frame Akka.Remote sends; checkpoint chunks stay well below it after base64.</summary>
    public const int MaximumFrameBytes = 128_000;

    /// <summary>Configures a member: remoting, clustering, loggers, the serializer and what no builder covers.</summary>
    public static AkkaConfigurationBuilder AsSweepMember(this AkkaConfigurationBuilder akka, ClusterOptions options, IReadOnlyList<string> roles, string logLevel) => akka
        .WithActors((system, _) =>
        {
            // Over TLS every member proves its roles; a client, there for one request, checks nobody.
            if (options.Tls is { } tls)
                system.ActorOf(RoleGuard.Props(tls, checkOthers: roles.Any(r => r != ClientRole)), RoleGuard.Name);
        })
        .ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = LevelOf(logLevel);
            loggers.ClearLoggers();
            loggers.AddLogger<SerilogLogger>();   // Akka's semantic formatter keeps {Named} templates for Serilog
        })
        .WithRemoting(new RemoteOptions
        {
            HostName = options.Bind.Host,
            Port = options.Bind.Port,
            PublicHostName = options.PublicHost,
            MaxFrameSize = MaximumFrameBytes,
            EnableSsl = options.Tls is not null,
            Ssl = options.Tls?.Options() ?? new SslOptions(),
        })
        .WithClustering(new Akka.Cluster.Hosting.ClusterOptions
        {
            Roles = [.. roles],
            FailureDetector = new PhiAccrualFailureDetectorOptions { AcceptableHeartbeatPause = options.Timing.HeartbeatPause },
            SplitBrainResolver = new KeepOldestOption { Role = CoordinatorRole, DownIfAlone = false },
        })
        .AddHocon(WithoutBuilders(options.Timing), HoconAddMode.Prepend)
        .AddHocon(ProtocolSerializer.Bindings, HoconAddMode.Prepend)
        .AddHocon(TypeNameSerializerRefusal.Binding, HoconAddMode.Prepend);

    /// <summary>The settings Akka.Hosting has no builder for.</summary>
    public static Config WithoutBuilders(ClusterTiming timing) => ConfigurationFactory.ParseString($$"""
        akka {
          stdout-loglevel = OFF
          log-dead-letters-during-shutdown = off
          cluster.split-brain-resolver.stable-after = {{Seconds(timing.StableAfter)}}
          # The process decides when it ends; Akka must not shut down behind its back.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          # A worker leaving on SIGTERM first lets its trials checkpoint and hands them back.
          coordinated-shutdown.phases.before-service-unbind.timeout = 60s
        }
        # LiteDB transactions are bound to a thread: the coordinator, the database's only user, keeps one.
        sweep.coordinator-dispatcher {
          type = PinnedDispatcher
        }
        """);

    private static Akka.Event.LogLevel LevelOf(string level) => level.ToUpperInvariant() switch
    {
        "DEBUG" => Akka.Event.LogLevel.DebugLevel,
        "INFO" => Akka.Event.LogLevel.InfoLevel,
        "WARNING" => Akka.Event.LogLevel.WarningLevel,
        "ERROR" => Akka.Event.LogLevel.ErrorLevel,
        _ => throw new ArgumentException($"not an Akka log level: {level}", nameof(level)),
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}

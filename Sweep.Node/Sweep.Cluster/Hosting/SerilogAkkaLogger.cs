using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Serilog.Events;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// Routes Akka's log events into Serilog, so they share the sinks and the format of Sweep's own
/// lines (Akka.Logger.Serilog is not served here; this is the few lines it would have been).
/// </summary>
public sealed class SerilogAkkaLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public SerilogAkkaLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<Akka.Event.LogEvent>(e => Serilog.Log.ForContext("SourceContext", e.LogSource)
            .Write(LevelOf(e.LogLevel()), e.Cause, "{AkkaMessage}", e.Message.ToString()));
    }

    private static LogEventLevel LevelOf(Akka.Event.LogLevel level) => level switch
    {
        Akka.Event.LogLevel.DebugLevel => LogEventLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => LogEventLevel.Information,
        Akka.Event.LogLevel.WarningLevel => LogEventLevel.Warning,
        _ => LogEventLevel.Error,
    };
}

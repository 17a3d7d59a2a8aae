using Serilog;
using Serilog.Core;
using Serilog.Sinks.SystemConsole.Themes;

namespace Sweep.Cluster.Hosting;

/// <summary>Structured log lines go to stderr, so stdout stays clean for results and JSON.</summary>
public static class SweepLogging
{
    public static Logger CreateLogger() => new LoggerConfiguration()
        .MinimumLevel.Information()
        .WriteTo.Console(
            outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}",
            standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose,
            theme: ConsoleTheme.None,
            formatProvider: System.Globalization.CultureInfo.InvariantCulture)
        .CreateLogger();
}

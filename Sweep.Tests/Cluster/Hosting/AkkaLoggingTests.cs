using System.Collections.Concurrent;
using Akka.Actor;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Trials;

namespace Sweep.Tests.Cluster.Hosting;

/// <summary>An actor's log line reaches Serilog through Akka.Logger.Serilog with its named properties, as a member configures it.</summary>
[Collection(nameof(SerilogGlobalLogger))]
public sealed class AkkaLoggingTests
{
    [Fact]
    public async Task An_actors_named_template_arrives_in_serilog_as_a_template_with_properties()
    {
        var sink = new CapturingSink();
        var previous = Log.Logger;
        Log.Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        try
        {
            await using var member = await ClusterMember.StartAsync(ClusterOptions.Loopback(), ["trainer"], "INFO");
            var gate = member.System.ActorOf(SlotGate.Props(["cpu"]));
            gate.Tell(new SlotGate.Release(7));   // a slot nobody holds: the gate warns

            var warning = await sink.WaitFor(e => e.MessageTemplate.Text.StartsWith("Ignored a release of slot", StringComparison.Ordinal));

            Assert.Equal(LogEventLevel.Warning, warning.Level);
            Assert.Equal("Ignored a release of slot {Slot} by {Sender}, which does not hold it", warning.MessageTemplate.Text);
            Assert.Equal("7", warning.Properties["Slot"].ToString());
        }
        finally
        {
            Log.Logger = previous;
        }
    }

    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

        public async Task<LogEvent> WaitFor(Func<LogEvent, bool> match)
        {
            for (var waited = 0; waited < 100; waited++)
            {
                if (_events.FirstOrDefault(match) is { } found) return found;
                await Task.Delay(100);
            }

            throw new TimeoutException($"no such event among {_events.Count}: {string.Join(" | ", _events.Select(e => e.MessageTemplate.Text))}");
        }
    }
}

/// <summary>Tests that replace Serilog's global logger run one at a time.</summary>
[CollectionDefinition(nameof(SerilogGlobalLogger), DisableParallelization = true)]
public sealed class SerilogGlobalLogger;

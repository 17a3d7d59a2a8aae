using Akka.Actor;
using Serilog;
using Sweep.Web;

namespace Sweep.Coordinator.Cli;

/// <summary>The HTTP server of a process that holds a database, with the marker that points read commands to it.</summary>
internal sealed class ServedDashboard : IAsyncDisposable
{
    private readonly DashboardServer _server;
    private readonly string _database;

    private ServedDashboard(DashboardServer server, string database)
    {
        _server = server;
        _database = database;
    }

    /// <returns>null when <paramref name="settings"/> is null (<c>--http off</c>).</returns>
    public static async Task<ServedDashboard?> StartAsync(
        DashboardSettings? settings, ActorSystem system, IActorRef coordinator, SweepMetrics metrics, string database, ILogger log)
    {
        ServerMarker.Remove(database);   // one a killed holder left
        if (settings is null) return null;
        var server = await DashboardServer.StartAsync(settings, system, coordinator, metrics, HttpOption.Name);
        ServerMarker.Write(database, server.Url);
        log.Information("Dashboard at {Url} (JSON API under /api, Prometheus metrics at /metrics)", server.Url);
        return new ServedDashboard(server, database);
    }

    public async ValueTask DisposeAsync()
    {
        ServerMarker.Remove(_database);
        await _server.DisposeAsync();
    }
}

using Akka.Actor;
using Sweep.Cluster.Hosting;
using Sweep.Web;

namespace Sweep.Bench;

/// <summary>
/// The HTTP server of a benchmarked run with <c>clients</c> readers on a live stream (<c>/events</c>,
/// <c>/events?sweep=NAME</c>), as that many open pages would be: started with the cluster, each
/// reader reads every event until the run ends.
/// </summary>
internal sealed class DashboardWatchers(string stream, int clients)
{
    private long _events;

    /// <summary>Section updates the clients received, in all.</summary>
    public long Events => Interlocked.Read(ref _events);

    public async Task<IAsyncDisposable?> AttachAsync(ActorSystem system, IActorRef coordinator, SweepMetrics metrics)
    {
        var server = await DashboardServer.StartAsync(new DashboardSettings(new Endpoint("127.0.0.1", 0), null), system, coordinator, metrics);
        var stop = new CancellationTokenSource();
        var http = new HttpClient { BaseAddress = server.Url, Timeout = Timeout.InfiniteTimeSpan };
        var readers = Enumerable.Range(0, clients).Select(_ => Task.Run(() => ReadAsync(http, stop.Token))).ToList();
        return new Watching(server, stop, http, readers);
    }

    private async Task ReadAsync(HttpClient http, CancellationToken stop)
    {
        try
        {
            using var response = await http.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead, stop);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            while (await reader.ReadLineAsync(stop) is { } line)
                if (line.StartsWith("event: section", StringComparison.Ordinal)) Interlocked.Increment(ref _events);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The run ended: the server went, or the benchmark let go.
        }
    }

    private sealed class Watching(DashboardServer server, CancellationTokenSource stop, HttpClient http, List<Task> readers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            http.Dispose();
            stop.Dispose();
            await server.DisposeAsync();
        }
    }
}

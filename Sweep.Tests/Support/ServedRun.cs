using System.Text.Json.Nodes;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Trials;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Store;
using Sweep.Training.Running;
using Sweep.Web;

namespace Sweep.Tests.Support;

/// <summary>
/// A sweep running through the real embedded path (one-node cluster, coordinator, LiteDB file) with
/// its real HTTP server on a free loopback port, as <c>sweep run</c> serves it.
/// </summary>
public sealed class ServedRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;

    private ServedRun(Task<RunOutcome> run, Uri url, CancellationTokenSource stop)
    {
        _stop = stop;
        Run = run;
        Url = url;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task<RunOutcome> Run { get; }
    public Uri Url { get; }
    public HttpClient Http { get; }

    public static async Task<ServedRun> StartAsync(SweepStore store, ITrialTrainer trainer, string yaml, int slots, DashboardSettings? settings = null)
    {
        var metrics = new SweepMetrics();
        var started = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new EmbeddedOptions
        {
            Slots = slots,
            Trainer = trainer,
            Entity = new TrialEntitySettings { HeartbeatInterval = TimeSpan.FromMilliseconds(200), ProgressEvery = 1, Checkpointing = CheckpointCadence.EveryIterations(10) },
            Coordinator = new CoordinatorSettings { Observer = metrics },
            Attach = async (system, coordinator) =>
            {
                var server = await DashboardServer.StartAsync(settings ?? new DashboardSettings(new Endpoint("127.0.0.1", 0), null), system, coordinator, metrics);
                started.TrySetResult(server.Url);
                return server;
            },
        };
        var stop = new CancellationTokenSource();
        var run = SweepRun.RunAsync(store, options, new SubmitSweep(yaml, "test.yaml", Extend: false), new QuietView(), stop.Token);
        if (await Task.WhenAny(started.Task, run) != started.Task)
        {
            stop.Dispose();
            throw new InvalidOperationException($"the run ended before serving: {(await run).Message}");
        }

        return new ServedRun(run, await started.Task, stop);
    }

    /// <summary>GETs <paramref name="path"/> until <paramref name="ready"/> holds for its JSON (the live view catches up asynchronously).</summary>
    public async Task<JsonNode> WaitForAsync(string path, Func<JsonNode, bool> ready, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await Http.GetAsync(path);
            if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync()) is { } json && ready(json)) return json;
            if (DateTime.UtcNow > until) throw new TimeoutException($"{path} did not reach the awaited state; last answer {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _stop.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(90));
        _stop.Dispose();
    }

    private sealed class QuietView : ISweepView
    {
        public void Accepted(SweepAccepted accepted)
        {
        }

        public void Changed(TrialChanged change)
        {
        }

        public void Progressed(TrialProgressed progress)
        {
        }
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Sweep.Store;

namespace Sweep.Bench;

/// <summary>
/// The cluster measured as users run it: a <c>sweep coordinator</c> process and <c>sweep-node</c>
/// processes on 127.0.0.1 with simulated trials (fixed duration, real progress and checkpoints),
/// figures read from the coordinator's database once it has stopped.
/// </summary>
public static class ClusterBenchmark
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>Workers of 1 and 3 slots, fixed-duration trials: the share of slot time spent training.</summary>
    public static IEnumerable<string> Utilization(int trials, TimeSpan duration)
    {
        using var cluster = new BenchCluster();
        cluster.StartCoordinator();
        cluster.StartWorkers((1, duration), (3, duration));
        cluster.Submit(OrchestratorBenchmark.Grid("utilization", trials, iterations: 100));
        var done = cluster.StopAndRead("utilization");
        var span = done.Max(t => t.FinishedUtc!.Value) - done.Min(t => t.StartedUtc!.Value);
        var busy = done.Sum(t => (t.FinishedUtc!.Value - t.StartedUtc!.Value).TotalSeconds);
        var ideal = duration.TotalSeconds * Math.Ceiling(trials / 4.0);
        yield return $"utilization: {trials} trials x {duration.TotalSeconds:F1} s on workers of 1 and 3 slots: {busy / (4 * span.TotalSeconds):P1} of slot time busy " +
                     $"(target >= 95%); first start to last end {span.TotalSeconds:F2} s against {ideal:F2} s ideal";
        yield return $"  trials per worker: {string.Join(", ", done.GroupBy(t => t.Node).Select(g => $"{g.Count()} on {g.Key}"))}";
    }

    /// <summary>SIGKILL a worker mid-trial: time until its trials run again on the other worker.</summary>
    public static IEnumerable<string> Recovery(bool shortTimings)
    {
        using var cluster = new BenchCluster(shortTimings ? ClusterProcess.ShortTimings : null);
        cluster.StartCoordinator();
        // Both trials go to the first worker; the second joins with its slots free for them.
        var doomed = cluster.StartWorker(2, TimeSpan.FromSeconds(120), registered: 1);
        cluster.Submit(OrchestratorBenchmark.Grid("recovery", 2, iterations: 1000), follow: false);
        var key = Wait(doomed.NodeKey(Startup));
        Wait(cluster.Coordinator.WaitForLine($"Running attempt 1 on {Regex.Escape(key)}", Startup));
        cluster.StartWorker(2, TimeSpan.FromSeconds(120), registered: 2);
        Thread.Sleep(TimeSpan.FromSeconds(1));
        doomed.Kill();
        var clock = Stopwatch.StartNew();
        Wait(cluster.Coordinator.WaitForLine("Running attempt 2 on", Limit));
        var settings = shortTimings ? "test settings: heartbeat pause 2 s, stable-after 2 s" : "default settings: heartbeat pause 10 s, stable-after 20 s";
        yield return $"recovery: SIGKILL of a worker to its trials running again on the other worker: {clock.Elapsed.TotalSeconds:F1} s ({settings})";
    }

    /// <summary>No-op trials across a coordinator and two workers, against the embedded path in the same run.</summary>
    public static IEnumerable<string> Throughput(int trials)
    {
        double rate;
        using (var cluster = new BenchCluster())
        {
            cluster.StartCoordinator();
            cluster.StartWorkers((32, TimeSpan.Zero), (32, TimeSpan.Zero));
            cluster.Submit(OrchestratorBenchmark.Grid("throughput", trials), follow: false);
            Wait(cluster.Coordinator.WaitForLine("Sweep throughput finished", Limit));
            var done = cluster.StopAndRead("throughput");
            rate = trials / (done.Max(t => t.FinishedUtc!.Value) - done.Min(t => t.StartedUtc!.Value)).TotalSeconds;
        }

        var embedded = OrchestratorBenchmark.EmbeddedNoOpRate(trials, slots: 64);
        yield return $"throughput: {trials} no-op trials across a coordinator and 2 workers (32 slots each): {rate:F0} trials/s (target >= 1000)";
        yield return $"  baseline, same run: the embedded one-process path with 64 slots: {embedded:F0} trials/s; ratio {rate / embedded:P0}";
    }

    internal static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    /// <summary>A coordinator on a free port with its database in a temp folder, and the workers and clients started for it.</summary>
    internal sealed class BenchCluster(IReadOnlyDictionary<string, string>? environment = null) : IDisposable
    {
        private readonly TempFolder _folder = new();
        private readonly List<ClusterProcess> _processes = [];
        private readonly int _port = ClusterProcess.FreePort();

        public ClusterProcess Coordinator { get; private set; } = null!;

        private string Database => Path.Combine(_folder.Path, "sweep.db");

        public void StartCoordinator()
        {
            Coordinator = Keep(ClusterProcess.Coordinator(Database, _port, environment));
            Wait(Coordinator.WaitForLine("Coordinator up at", Startup));
        }

        public void StartWorkers((int Slots, TimeSpan Trial) first, (int Slots, TimeSpan Trial) second)
        {
            StartWorker(first.Slots, first.Trial, registered: 0);
            StartWorker(second.Slots, second.Trial, registered: 2);
        }

        /// <summary>Starts a worker; waits until <paramref name="registered"/> workers have offered their slots.</summary>
        public ClusterProcess StartWorker(int slots, TimeSpan trial, int registered, params string[] extra)
        {
            var worker = Keep(ClusterProcess.Worker($"worker-{_processes.Count}", _port, slots, $"{trial.TotalSeconds}s", environment, extra));
            if (registered > 0) Wait(Coordinator.WaitForLines(" offers ", registered, Startup));
            return worker;
        }

        /// <summary>Hands the sweep to the coordinator; with <paramref name="follow"/>, waits until it has finished.</summary>
        public void Submit(string yaml, bool follow = true)
        {
            var file = Path.Combine(_folder.Path, "bench.yaml");
            File.WriteAllText(file, yaml);
            var client = Keep(ClusterProcess.Sweep(environment, follow ? ["run", file, "--cluster", $"127.0.0.1:{_port}"] : ["submit", file, "--to", $"127.0.0.1:{_port}"]));
            var code = Wait(client.WaitForExit(Limit));
            if (code != 0) throw new InvalidOperationException($"the client exited with {code}:\n{string.Join('\n', client.Lines.TakeLast(20))}\nThe coordinator's last lines:\n{string.Join('\n', Coordinator.Lines.TakeLast(20))}");
        }

        /// <summary>Stops the coordinator (SIGTERM) so the database is free, and reads the sweep's trials.</summary>
        public IReadOnlyList<TrialRecord> StopAndRead(string sweep)
        {
            Coordinator.Terminate();
            Wait(Coordinator.WaitForExit(Startup));
            using var store = SweepStore.Open(Database);
            return store.Trials(store.FindSweep(sweep)!.TrialIds);
        }

        private ClusterProcess Keep(ClusterProcess process)
        {
            _processes.Add(process);
            return process;
        }

        public void Dispose()
        {
            foreach (var process in _processes) process.Dispose();
            _folder.Dispose();
        }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Sweep.Cluster.Hosting;

namespace Sweep.Bench;

/// <summary>
/// Checkpoints at image scale across real processes (issue 16): a coordinator and two workers on
/// loopback run four simulated trials that each checkpoint <c>megabytes</c> every second or so.
/// Measured: the checkpoint bytes the coordinator stored per second, the round trip of a ping
/// each worker sends the coordinator every 100 ms over the same connection while the bytes move,
/// the coordinator's peak resident memory, and the hand-over of the first worker's trials (SIGTERM:
/// final checkpoint, then resume from it on the other worker).
/// </summary>
public static class CheckpointBenchmark
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HandOverLimit = TimeSpan.FromMinutes(3);

    /// <summary>A trial lasts long enough to outlive the measurement; 250 iterations take about a second (the cadence before time-based checkpoints).</summary>
    private static readonly TimeSpan TrialLength = TimeSpan.FromSeconds(600);
    private const int Iterations = 150_000;

    public static IEnumerable<string> Run(int megabytes)
    {
        using var cluster = new ClusterBenchmark.BenchCluster();
        cluster.StartCoordinator();
        string[] worker = ["--simulate-checkpoint-kb", $"{megabytes * 1024}", "--probe-coordinator", "100ms", "--checkpoint-every", "1s", "--checkpoint-min-iterations", "1"];
        var workers = new[] { cluster.StartWorker(4, TrialLength, registered: 1, worker), cluster.StartWorker(4, TrialLength, registered: 2, worker) };
        var keys = workers.Select(w => ClusterBenchmark.Wait(w.NodeKey(Startup))).ToList();
        cluster.Submit(OrchestratorBenchmark.Grid("checkpoints", 4, Iterations), follow: false);
        ClusterBenchmark.Wait(cluster.Coordinator.WaitForLines("Running attempt 1 on", 4, Startup));

        var from = DateTime.UtcNow;
        Thread.Sleep(Steady);
        var to = DateTime.UtcNow;
        // A ping is given up on 10 s after it was sent: those sent in the window are all settled a little later.
        Thread.Sleep(CoordinatorProbe.GiveUpAfter + TimeSpan.FromSeconds(1));
        var stored = Stored(cluster.Coordinator, from, to);
        var answered = workers.SelectMany(w => RoundTrips(w, from, to)).ToList();
        var lost = workers.SelectMany(w => w.TimedLines)
            .Count(l => l.At >= from + CoordinatorProbe.GiveUpAfter && l.At < to + CoordinatorProbe.GiveUpAfter + TimeSpan.FromSeconds(1)
                        && l.Line.Contains("probe: the coordinator did not answer", StringComparison.Ordinal));
        // An unanswered ping counts as the longest round trip of all.
        var pings = answered.Concat(Enumerable.Repeat(double.PositiveInfinity, lost)).Order().ToList();
        var rss = cluster.Coordinator.PeakResidentBytes();

        yield return $"checkpoints: {stored / (to - from).TotalSeconds:F0} MB/s; heartbeat p50 {Milliseconds(Percentile(pings, 0.50))}, p99 {Milliseconds(Percentile(pings, 0.99))}; " +
                     $"coordinator RSS {rss / 1e6:F0} MB   (targets: >= 200 MB/s, p99 < 1000 ms, RSS < 500 MB)";
        yield return $"  4 trials checkpointing {megabytes} MB about every second on 2 workers, {Steady.TotalSeconds:F0} s measured: {stored:F0} MB stored; " +
                     $"{answered.Count} pings answered (max {answered.DefaultIfEmpty().Max():F0} ms), {lost} unanswered after 10 s";

        // The worker with more of the trials leaves; the other has slots free for them.
        var placed = keys.Select(key => cluster.Coordinator.Lines.Count(l => l.Contains($"Running attempt 1 on {key}", StringComparison.Ordinal))).ToList();
        var leaving = placed[0] >= placed[1] ? 0 : 1;
        var handOver = DateTime.UtcNow;
        workers[leaving].Terminate();
        string resumed;
        try
        {
            ClusterBenchmark.Wait(cluster.Coordinator.WaitForLines($"Running attempt 2 on {Regex.Escape(keys[1 - leaving])}", placed[leaving], HandOverLimit));
            var lines = cluster.Coordinator.TimedLines.Where(l => l.At >= handOver).ToList();
            var dispatched = lines.Where(l => l.Line.Contains("Dispatched attempt 2", StringComparison.Ordinal)).Select(l => l.At).ToList();
            var started = lines.Where(l => l.Line.Contains("Running attempt 2", StringComparison.Ordinal)).Select(l => l.At).ToList();
            resumed = $"hand-over: SIGTERM to the leaving worker's {placed[leaving]} trial(s) running on the other worker {(started.Max() - handOver).TotalSeconds:F1} s; " +
                      $"resume from a {megabytes} MB checkpoint (dispatch to running) {(started.Max() - dispatched.Min()).TotalSeconds:F1} s";
        }
        catch (TimeoutException)
        {
            resumed = $"hand-over: the leaving worker's {placed[leaving]} trial(s) were not all running on the other worker {HandOverLimit.TotalSeconds:F0} s after SIGTERM";
        }

        yield return "  " + resumed;
    }

    /// <summary>Megabytes of checkpoints the coordinator reported stored between the two moments.</summary>
    private static double Stored(ClusterProcess coordinator, DateTime from, DateTime to) =>
        coordinator.TimedLines.Where(l => l.At >= from && l.At < to)
            .Select(l => Regex.Match(l.Line, @"checkpoint at iteration \d+ stored \(([\d.]+) MB\)"))
            .Where(m => m.Success)
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static IEnumerable<double> RoundTrips(ClusterProcess worker, DateTime from, DateTime to) =>
        worker.TimedLines.Where(l => l.At >= from && l.At < to)
            .Select(l => Regex.Match(l.Line, @"probe: the coordinator answered in ([\d.]+) ms"))
            .Where(m => m.Success)
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static string Milliseconds(double value) => double.IsPositiveInfinity(value) ? "> 10000 ms (unanswered)" : $"{value:F0} ms";

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}

using System.Diagnostics;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Bench;

/// <summary>
/// Times a method's training iteration (the LO17 ring iteration by default: batch 512, 10 D steps,
/// 2×128 nets) against this process's GEMM throughput. Shared machines are noisy, so GEMM and
/// training are measured in alternating short rounds and each round's ratio compares figures taken
/// in the same time window.
/// </summary>
public static class TrainingBenchmark
{
    public sealed record Round(double MillisecondsPerIteration, double AchievedGflops, double LargeGemmGflops, double LayerGemmGflops)
    {
        public double RatioToLargeGemm => AchievedGflops / LargeGemmGflops;
        public double RatioToLayerGemm => AchievedGflops / LayerGemmGflops;
    }

    public sealed record LeakCheck(int EarlyIteration, long EarlyRssBytes, int LateIteration, long LateRssBytes)
    {
        public double GrowthMegabytes => (LateRssBytes - EarlyRssBytes) / 1e6;
    }

    /// <summary>The timed trial: seed 1, normal init, unimodal noise; the preset defaults to the method's paper's.</summary>
    public static TrialSpec Case(string method, string? preset, string dataset) => new TrialRequest
    {
        Dataset = dataset, Method = method, Init = "normal", Noise = "unimodal", Seed = 1, Preset = preset,
    }.Resolve();

    /// <summary>"method/preset/dataset", the case's name in the PyTorch reference.</summary>
    public static string CaseName(TrialSpec spec) => $"{AxisNames.Of(spec.Method)}/{spec.Preset}/{AxisNames.Of(spec.Dataset)}";

    /// <summary>Floating-point operations of one iteration (multiply-adds of the linear layers × 2), for GFLOP/s.</summary>
    public static double FlopsPerIteration(TrialSpec spec)
    {
        using var session = new TrialSession(spec);
        return 2.0 * session.Method.MultiplyAddsPerIteration(session.Context);
    }

    /// <summary>Rounds of: 1024³ GEMM, hidden-layer GEMM, then <paramref name="iterationsPerRound"/> training iterations.</summary>
    public static IReadOnlyList<Round> Time(TrialSpec spec, int rounds, int iterationsPerRound)
    {
        using var session = new TrialSession(spec);
        var rows = 2L * spec.Hyper.BatchSize;
        var width = spec.Hyper.DWidth;
        var flopsPerIteration = 2.0 * session.Method.MultiplyAddsPerIteration(session.Context);
        for (var i = 0; i < 20; i++) session.Step();   // warm-up

        var results = new List<Round>();
        for (var r = 0; r < rounds; r++)
        {
            var large = GemmPeak.Measure(1024, 1024, 1024, seconds: 0.3);
            // The discriminator's hidden layer over one real+fake batch: the shape that dominates an iteration.
            var layer = GemmPeak.Measure(rows, width, width, seconds: 0.3);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterationsPerRound; i++) session.Step();
            var seconds = clock.Elapsed.TotalSeconds;
            results.Add(new Round(1000 * seconds / iterationsPerRound, flopsPerIteration * iterationsPerRound / seconds / 1e9, large, layer));
        }

        return results;
    }

    public static LeakCheck CheckLeaks(TrialSpec spec, int early, int late, Action<int>? onProgress = null)
    {
        using var session = new TrialSession(spec);
        long earlyRss = 0;
        for (var i = 1; i <= late; i++)
        {
            session.Step();
            if (i == early) earlyRss = Rss();
            if (i % 1000 == 0) onProgress?.Invoke(i);
        }

        return new LeakCheck(early, earlyRss, late, Rss());
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

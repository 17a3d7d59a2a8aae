using System.Diagnostics;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Bench;

/// <summary>
/// Times the LO17 ring iteration (batch 512, 10 D steps, 2×128 nets) against the same process's
/// GEMM peak, per thread count; optionally checks that native memory stays flat over a long run.
/// </summary>
public static class TrainingBenchmark
{
    public sealed record Row(int Threads, double IterationsPerSecond, double MillisecondsPerIteration, double AchievedGflops,
        double LargeGemmGflops, double LayerGemmGflops)
    {
        public double RatioToLargeGemm => AchievedGflops / LargeGemmGflops;
        public double RatioToLayerGemm => AchievedGflops / LayerGemmGflops;
    }

    public sealed record LeakCheck(int EarlyIteration, long EarlyRssBytes, int LateIteration, long LateRssBytes)
    {
        public double GrowthMegabytes => (LateRssBytes - EarlyRssBytes) / 1e6;
    }

    public static TrialSpec Lo17Ring(string method = "gan") => new TrialRequest
    {
        Dataset = "ring", Method = method, Init = "normal", Noise = "unimodal", Seed = 1, Preset = Presets.Lo17,
    }.Resolve();

    public static Row Time(TrialSpec spec, int threads, int iterations)
    {
        TorchSharp.torch.set_num_threads(threads);
        using var session = new TrialSession(spec);
        var b = spec.Hyper.BatchSize;
        var width = spec.Hyper.DWidth;
        var large = GemmPeak.Measure(1024, 1024, 1024);
        // The discriminator's hidden layer over one real+fake batch: the shape that dominates an iteration.
        var layer = GemmPeak.Measure(2L * b, width, width);

        for (var i = 0; i < 20; i++) session.Step();   // warm-up
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) session.Step();
        var seconds = clock.Elapsed.TotalSeconds;

        var flops = 2.0 * session.Method.MultiplyAddsPerIteration(session.Context) * iterations;
        return new Row(threads, iterations / seconds, 1000 * seconds / iterations, flops / seconds / 1e9, large, layer);
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

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

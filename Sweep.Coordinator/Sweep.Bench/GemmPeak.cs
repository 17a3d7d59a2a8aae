using System.Diagnostics;
using static TorchSharp.torch;

namespace Sweep.Bench;

/// <summary>This machine's float32 GEMM throughput, measured in-process as the benchmark's yardstick.</summary>
public static class GemmPeak
{
    /// <summary>GFLOP/s of repeated [m,k]×[k,n] products over about <paramref name="seconds"/>.</summary>
    public static double Measure(long m, long k, long n, double seconds = 1.5)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var a = randn(m, k);
        var b = randn(k, n);
        for (var i = 0; i < 3; i++) a.mm(b).Dispose();   // warm-up

        var flopsPerCall = 2.0 * m * k * n;
        var calls = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            // Allocates its result like a training step does.
            a.mm(b).Dispose();
            calls++;
        }

        return flopsPerCall * calls / clock.Elapsed.TotalSeconds / 1e9;
    }
}

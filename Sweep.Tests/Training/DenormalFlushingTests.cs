using Sweep.Tests.Support;
using Sweep.Training.Running;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

/// <summary>Subnormal floats flushed to zero on a trial's thread, as TensorFlow does, and the caller's setting given back.</summary>
[Collection(TorchTests.Name)]
public sealed class DenormalFlushingTests
{
    /// <summary>Runs <paramref name="body"/> on a thread of its own, so the test runner's threads keep their setting.</summary>
    private static T OnOwnThread<T>(Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new AggregateException(failure);
        return result;
    }

    private static readonly float[] Tiny = Enumerable.Repeat(1e-21f, 1000).ToArray();

    /// <summary>Σ of 1 000 products 1e-21 × 1e-21: each product and the sum (1e-39) are subnormal in float32.</summary>
    /// <remarks>Too small for libtorch to split: the calling thread computes it all.</remarks>
    private static float SubnormalSumOnThisThread()
    {
        using var scope = NewDisposeScope();
        return tensor(Tiny).mul(tensor(Tiny)).sum().item<float>();
    }

    /// <summary>The same sum as a matrix product, which MKL splits across its threads (seen: half of it flushed when only the caller flushed).</summary>
    private static float SubnormalMatmul()
    {
        using var scope = NewDisposeScope();
        return tensor(Tiny).reshape(1, 1000).matmul(tensor(Tiny).reshape(1000, 1)).item<float>();
    }

    [Fact]
    public void Flushing_set_before_the_first_op_covers_the_threads_libtorch_starts_and_clearing_it_computes_subnormals_again()
    {
        Assert.True(DenormalFlushing.IsSupported, "these machines are Linux x64");

        var seen = OnOwnThread(() =>
        {
            Assert.True(DenormalFlushing.Set(true));   // as a trial's thread does, before any op
            var on = (DenormalFlushing.IsOn, SubnormalSumOnThisThread(), SubnormalMatmul());
            Assert.True(DenormalFlushing.Set(false));
            var off = (DenormalFlushing.IsOn, SubnormalSumOnThisThread());
            return (on, off);
        });

        Assert.Equal((true, 0f, 0f), seen.on);
        Assert.False(seen.off.Item1);
        Assert.Equal(1e-39f, seen.off.Item2, 1e-41f);   // computed: 1 000 × 1e-42
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_trial_trains_under_its_options_setting_and_gives_the_thread_its_own_back(bool flush)
    {
        var spec = Specs.Trial("ring", "gan", iterations: 10, set: [("batch_size", "32")]);

        var (during, after, outcome) = OnOwnThread(() =>
        {
            DenormalFlushing.Set(!flush);   // the caller's own setting is the other one
            var seen = new List<bool>();
            var progress = new SyncProgress<TrialProgress>(_ => seen.Add(DenormalFlushing.IsOn));
            var result = TrialRunner.Run(spec, new TrialRunOptions { FlushDenormals = flush, Progress = progress, ProgressEvery = 5, Trace = null }, CancellationToken.None);
            return (seen.Distinct().ToList(), DenormalFlushing.IsOn, result.Outcome);
        });

        Assert.Equal(TrialOutcome.Completed, outcome);
        Assert.Equal([flush], during);
        Assert.Equal(!flush, after);
    }
}

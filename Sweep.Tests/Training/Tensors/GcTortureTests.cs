using Sweep.Tests.Support;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;
using Xunit.Abstractions;

namespace Sweep.Tests.Training.Tensors;

/// <summary>
/// A Scalar or tensor that libtorch reads after the GC has freed it fails at random ("Unknown scalar
/// type") or silently changes a number. Here trials of every method train concurrently in one
/// process while another thread forces full collections and runs finalizers back to back: each must
/// finish, and its scores and whole trace (loss curves, snapshots) must equal the calm run's bit for bit.
/// </summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class GcTortureTests(ITestOutputHelper output)
{
    private static readonly (string, string)[] SmallRing = [("batch_size", "64"), ("eval_samples", "1000"), ("covering_steps", "50")];

    private static readonly (string, string)[] SmallImage =
    [
        ("g_width", "4"), ("d_width", "4"), ("f_width", "4"), ("batch_size", "16"), ("noise_dim", "8"), ("categories", "4"),
        ("covering_steps", "3"), ("covering_batch", "32"), ("eval_samples", "600"), ("ivom_images", "4"), ("ivom_steps", "3"), ("ivom_restarts", "2"),
    ];

    [Fact]
    public void Trials_of_every_method_survive_constant_collections_with_bit_identical_results()
    {
        TrialSpec[] specs =
        [
            .. new[] { "gan", "unrolled", "veegan", "ali" }.SelectMany(method => new[]
            {
                Specs.Trial("ring", method, "covering", "multimodal", seed: 1, iterations: 150, set: [.. SmallRing, ("categories", "auto")]),
                Specs.Trial("ring", method, "normal", "unimodal", seed: 2, iterations: 150, set: SmallRing),
            }),
            Specs.Trial("stacked-mnist", "gan", "covering", "multimodal", iterations: 6, set: SmallImage),
        ];
        var threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(1);
        try
        {
            var calm = RunConcurrently(specs, torture: false);
            var tortured = RunConcurrently(specs, torture: true);

            for (var i = 0; i < specs.Length; i++)
            {
                Assert.True(tortured[i].Outcome == TrialOutcome.Completed, $"{specs[i].Label}: {tortured[i].Outcome} {tortured[i].Failure?.Reason}");
                Assert.Equal(calm[i].Metrics, tortured[i].Metrics);
                Assert.Equal(TraceFormat.Write(calm[i].Trace!), TraceFormat.Write(tortured[i].Trace!));
            }
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }

    private TrialResult[] RunConcurrently(TrialSpec[] specs, bool torture)
    {
        using var stop = new CancellationTokenSource();
        var collections = 0;
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                collections++;
            }
        }) { IsBackground = true };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = new TrialResult[specs.Length];
        var trainers = specs.Select((spec, i) => new Thread(() =>
        {
            var data = spec.Dataset == DatasetKind.StackedMnist ? RealMnist.Locations : null;
            results[i] = TrialRunner.Run(spec, new TrialRunOptions { Data = data, Trace = new TraceOptions(EvaluationPoints: 2) }, CancellationToken.None);
        })).ToList();
        if (torture) collector.Start();
        trainers.ForEach(t => t.Start());
        trainers.ForEach(t => t.Join());
        stop.Cancel();
        if (torture) collector.Join();
        output.WriteLine($"{(torture ? "tortured" : "calm")}: {specs.Length} trials in {clock.Elapsed.TotalSeconds:F1} s, {collections} full collections");
        return results;
    }
}

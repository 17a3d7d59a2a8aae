using Sweep.Coordinator.Cli;
using Sweep.Orchestration.Sweeps;
using Sweep.Tests.Support;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Tests.Training;

public sealed class TrialMemoryTests
{
    private static readonly TrialSpec HugeDataSet =
        Specs.Trial("hd1200", "gan", set: [("fixed_dataset", "true"), ("dataset_size", "1000000")]);

    [Fact]
    public void A_fixed_hd1200_data_set_is_counted_at_four_bytes_a_coordinate_and_named_as_the_cause()
    {
        var estimate = TrialMemory.Of(HugeDataSet);
        var streamed = TrialMemory.Of(HugeDataSet with { Hyper = HugeDataSet.Hyper with { FixedDataset = false } });

        Assert.Equal(1_000_000L * 1200 * 4, estimate.Bytes - streamed.Bytes);
        Assert.Contains("dataset_size", estimate.LargestPart);
    }

    [Fact]
    public void Wider_nets_and_larger_batches_need_more_and_the_unrolled_copies_of_d_count()
    {
        var gan = TrialMemory.Of(Specs.Trial("ring", "gan", preset: "metz")).Bytes;
        Assert.True(TrialMemory.Of(Specs.Trial("ring", "gan", preset: "metz", set: [("d_width", "4096")])).Bytes > gan);
        Assert.True(TrialMemory.Of(Specs.Trial("ring", "gan", preset: "metz", set: [("batch_size", "8192")])).Bytes > gan);
        Assert.True(TrialMemory.Of(Specs.Trial("ring", "unrolled", preset: "metz")).Bytes > gan);
    }

    [Fact]
    public void Every_trial_of_the_shipped_sweep_files_fits_a_4_gib_node()
    {
        var sweeps = Path.Combine(Repository.Root, "sweeps");
        var files = Directory.GetFiles(sweeps, "*.yaml", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
            MemoryCheck.RequireFits(SweepGrid.Expand(SweepFileReader.ReadFile(file)), file, available: 4L << 30);
    }

    [Fact]
    public void A_run_on_a_machine_too_small_is_refused_naming_the_trial_the_cause_and_both_sizes()
    {
        var error = Assert.Throws<UsageException>(() => MemoryCheck.RequireFits([Specs.Trial("ring", "gan"), HugeDataSet], "big.yaml", available: 1L << 30));

        Assert.StartsWith($"big.yaml: trial {HugeDataSet.Label} needs about 4.", error.Message);
        Assert.Contains("dataset_size", error.Message);
        Assert.Contains("this machine has 1 GiB", error.Message);
    }

    [Fact]
    public void A_node_without_the_memory_fails_the_trial_for_good_before_allocating()
    {
        var result = TrialRunner.Run(HugeDataSet, new TrialRunOptions { MemoryAvailable = 1L << 30, Trace = null }, CancellationToken.None);

        Assert.Equal(TrialOutcome.Failed, result.Outcome);
        Assert.Equal(0, result.Iterations);
        var failure = Assert.IsType<TrialFailure>(result.Failure);
        Assert.False(failure.Retryable);
        Assert.Matches(@"^needs about 4\.\d+ GiB \(mostly the fixed data set: dataset_size\); this node has 1 GiB$", failure.Reason);
    }
}

using System.Text.RegularExpressions;
using Sweep.Coordinator.Cli;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary><c>sweep run</c>, <c>status</c> and <c>export</c> as a user runs them: the real command in a child process.</summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed partial class RunCommandTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Theory]
    [InlineData("quick.yaml", 16)]
    [InlineData("lo17-figure1.yaml", 20)]
    [InlineData("veegan-table1.yaml", 60)]
    [InlineData("veegan-table1-ring-grid.yaml", 40)]
    [InlineData("veegan-table1-hd1200.yaml", 8)]
    [InlineData("veegan-table1-hd1200-veegan.yaml", 2)]
    [InlineData("veegan-table1-hd1200-ali-noise-input.yaml", 3)]
    [InlineData("veegan-table2.yaml", 40)]
    [InlineData("stacked-mnist-quick.yaml", 8)]
    [InlineData("lo17-figure1-one-layer.yaml", 20)]
    [InlineData("fidelity/unrolled-metz.yaml", 3)]
    [InlineData("fidelity/unrolled-metz-before.yaml", 3)]
    [InlineData("fidelity/unrolled-metz-saddle-only.yaml", 3)]
    [InlineData("fidelity/ali-ring.yaml", 2)]
    [InlineData("fidelity/ali-ring-before.yaml", 2)]
    [InlineData("fidelity/ali-stacked-mnist-before.yaml", 2)]
    public async Task Dry_run_prints_the_trial_count_and_a_sample_and_writes_nothing(string file, int trials)
    {
        var run = await SweepProcess.RunAsync("run", Repository.Sweeps(file), "--dry-run", "--db", _database.Path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($": {trials} trials", run.Stdout);
        Assert.Equal(Math.Min(trials, 8), TrialIdRow().Count(run.Stdout));
        Assert.False(File.Exists(_database.Path));
    }

    [Fact]
    public async Task Resuming_a_stored_sweep_that_no_longer_validates_names_the_problem_without_a_stack_trace()
    {
        using (var store = _database.Open())
            store.SaveSweep(new SweepRecord { Name = "bad", Definition = "name: bad\ngrid: { dataset: rings, method: gan }" }, []);

        var resume = await SweepProcess.RunAsync("resume", "bad", "--db", _database.Path);

        Assert.Equal(ExitCodes.BadInput, resume.ExitCode);
        Assert.Contains("stored definition of bad:2:", resume.Stderr);
        Assert.Contains("did you mean 'ring'", resume.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", resume.Stderr);
    }

    [Fact]
    public async Task Export_refuses_an_unknown_paper_table_naming_the_known_ones()
    {
        var export = await SweepProcess.RunAsync("export", "quick", "--format", "md", "--compare", "veegan-table3", "--db", _database.Path);

        Assert.Equal(ExitCodes.BadInput, export.ExitCode);
        Assert.Contains("--compare: 'veegan-table3' is not a paper table Sweep knows; known: lo17, veegan-table1, veegan-table2.", export.Stderr);
        Assert.False(File.Exists(_database.Path));
    }

    [Fact]
    public async Task A_sweep_whose_image_data_is_missing_is_refused_saying_how_to_get_it_and_nothing_is_written()
    {
        var emptyCache = new Dictionary<string, string> { ["SWEEP_CACHE_DIR"] = Path.Combine(_database.Folder, "empty-cache"), ["SWEEP_DATA_DIR"] = "" };

        var mnist = await SweepProcess.RunAsync(emptyCache, "run", Repository.Sweeps("stacked-mnist-quick.yaml"), "--db", _database.Path);
        var cifar = await SweepProcess.RunAsync(emptyCache, "trial", "--dataset", "cifar10", "--method", "gan", "--data-dir", _database.Folder);
        var fetchCifar = await SweepProcess.RunAsync(emptyCache, "data", "fetch", "cifar10");

        Assert.Equal(ExitCodes.BadInput, mnist.ExitCode);
        Assert.Contains("is missing. Run 'sweep data fetch mnist'", mnist.Stderr);
        Assert.False(File.Exists(_database.Path));
        Assert.Equal(ExitCodes.BadInput, cifar.ExitCode);
        Assert.Contains($"cifar10: {_database.Folder} holds neither", cifar.Stderr);
        Assert.Equal(ExitCodes.BadInput, fetchCifar.ExitCode);
        Assert.Contains("cifar-10-binary.tar.gz", fetchCifar.Stderr);
    }

    [Fact]
    public async Task A_cuda_device_is_refused_by_the_cpu_build_saying_why_and_nothing_is_written()
    {
        var run = await SweepProcess.RunAsync("run", Repository.Sweeps("quick.yaml"), "--device", "cuda:0", "--db", _database.Path);
        var trial = await SweepProcess.RunAsync("trial", "--dataset", "ring", "--method", "gan", "--iterations", "1", "--device", "cuda:1");
        var odd = await SweepProcess.RunAsync("trial", "--dataset", "ring", "--method", "gan", "--iterations", "1", "--device", "gpu");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--device: 'cuda:0': CUDA is not available to this process", run.Stderr);
        Assert.False(File.Exists(_database.Path));
        Assert.Equal(ExitCodes.BadInput, trial.ExitCode);
        Assert.Contains("-p:TorchBackend=cuda", trial.Stderr);
        Assert.Equal(ExitCodes.BadInput, odd.ExitCode);
        Assert.Contains("expected cpu, or CUDA devices such as cuda:0,cuda:1", odd.Stderr);
    }

    [Fact]
    public async Task A_malformed_sweep_file_is_refused_with_its_line_and_nothing_is_written()
    {
        var file = Path.Combine(_database.Folder, "bad.yaml");
        await File.WriteAllTextAsync(file, "name: bad\ngrid:\n  dataset: ring\n  method: [gan, wgan]\n");

        var run = await SweepProcess.RunAsync("run", file, "--db", _database.Path);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("bad.yaml:4:", run.Stderr);
        Assert.Contains("grid.method", run.Stderr);
        Assert.False(File.Exists(_database.Path));
    }

    [Fact]
    public async Task A_database_held_by_another_process_or_not_a_database_is_refused_and_left_alone()
    {
        var file = Repository.Sweeps("quick.yaml");
        using (SweepStore.Open(_database.Path))
        {
            var held = await SweepProcess.RunAsync("run", file, "--db", _database.Path);
            Assert.Equal(ExitCodes.BadInput, held.ExitCode);
            Assert.Contains("in use by another Sweep process", held.Stderr);
        }

        var notes = Path.Combine(_database.Folder, "notes.txt");
        await File.WriteAllTextAsync(notes, "my notes, not a database");
        var foreign = await SweepProcess.RunAsync("run", file, "--db", notes);
        Assert.Equal(ExitCodes.BadInput, foreign.ExitCode);
        Assert.Contains("not a Sweep database", foreign.Stderr);
        Assert.Equal("my notes, not a database", await File.ReadAllTextAsync(notes));
    }

    [Fact]
    public async Task Status_and_export_name_an_unknown_sweep_and_the_sweeps_there()
    {
        using (var store = _database.Open())
            store.SaveSweep(new SweepRecord { Name = "quick", Fingerprint = "f", Definition = "", TrialIds = [] }, []);

        var export = await SweepProcess.RunAsync("export", "quikc", "--format", "md", "--db", _database.Path);
        var status = await SweepProcess.RunAsync("status", "--db", Path.Combine(_database.Folder, "missing.db"));

        Assert.Equal(ExitCodes.BadInput, export.ExitCode);
        Assert.Contains("no sweep named 'quikc'", export.Stderr);
        Assert.Contains("did you mean 'quick'", export.Stderr);
        Assert.Equal(ExitCodes.BadInput, status.ExitCode);
        Assert.Contains("missing.db does not exist", status.Stderr);
        Assert.False(File.Exists(Path.Combine(_database.Folder, "missing.db")));
    }

    [GeneratedRegex(@"│ [0-9a-f]{16} +│")]
    private static partial Regex TrialIdRow();

    public void Dispose() => _database.Dispose();
}

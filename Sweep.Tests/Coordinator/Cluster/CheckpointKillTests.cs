using System.Text.RegularExpressions;
using Sweep.Bench;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator.Cluster;

/// <summary>
/// SIGKILL in the middle of a checkpoint's transfer, of the worker sending it or of the coordinator
/// pulling it (real processes on 127.0.0.1). A trial offers a 48 MB checkpoint every 50 iterations,
/// and the kill comes while the coordinator's temporary file for one exists: what was cut short is
/// never resumed from, the trial resumes from the last checkpoint stored whole, and no half-written
/// file is left behind.
/// </summary>
[Collection(TorchTests.Name)]
[Trait("Tier", "Full")]
public sealed class CheckpointKillTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(3);
    private const string Stored = @"Trial (\w+): checkpoint at iteration (\d+) stored";

    private readonly TempDatabase _database = new();
    private readonly List<ClusterProcess> _processes = [];
    private readonly int _port = ClusterProcess.FreePort();

    private string CheckpointFolder => CheckpointFiles.FolderFor(_database.Path);

    [Fact]
    public async Task A_worker_killed_mid_transfer_leaves_the_last_whole_checkpoint_which_the_trial_resumes_from_elsewhere()
    {
        var coordinator = await StartCoordinator();
        var first = Worker("first");
        var firstKey = await first.NodeKey(Startup);
        await coordinator.WaitForLines(" offers ", 1, Startup);
        var client = Start(ClusterProcess.Sweep(ClusterProcess.ShortTimings, "run", SweepFile("cut", seeds: 1), "--cluster", $"127.0.0.1:{_port}"));
        await coordinator.WaitForLine($"Running attempt 1 on {Regex.Escape(firstKey)}", Startup);
        var second = Worker("second");
        var secondKey = await second.NodeKey(Startup);

        await coordinator.WaitForLines(Stored, 2, SweepTimeout);
        await WhileATransferIsUnderWay(first.Kill);

        var resumed = await coordinator.WaitForLine($@"Running attempt 2 on {Regex.Escape(secondKey)} from iteration (\d+)", SweepTimeout);
        var lastWhole = LastStoredIteration(coordinator);   // read now: a transfer whole before the kill may be stored after it
        Assert.Equal(lastWhole, int.Parse(resumed.Groups[1].Value));
        await coordinator.WaitForLine("did not arrive whole", SweepTimeout);   // the kill cut a transfer, which fails by itself
        Assert.Equal(0, await client.WaitForExit(SweepTimeout));
        var trial = (await StopAndRead(coordinator, "cut")).Single();
        Assert.Equal((TrialState.Completed, 2, lastWhole), (trial.State, trial.Attempt, trial.StartIteration));
        Assert.Empty(Directory.GetFiles(CheckpointFolder));   // finished: nothing kept, nothing half-written
    }

    [Fact]
    public async Task A_coordinator_killed_mid_transfer_restarts_without_the_half_written_file_and_the_trial_resumes_from_the_last_whole_one()
    {
        var coordinator = await StartCoordinator();
        Worker("only");
        await coordinator.WaitForLines(" offers ", 1, Startup);
        var submit = Start(ClusterProcess.Sweep(ClusterProcess.ShortTimings, "submit", SweepFile("restart", seeds: 1), "--to", $"127.0.0.1:{_port}"));
        Assert.Equal(0, await submit.WaitForExit(Startup));

        await coordinator.WaitForLines(Stored, 2, SweepTimeout);
        await WhileATransferIsUnderWay(coordinator.Kill);
        await coordinator.WaitForExit(TimeSpan.FromSeconds(10));
        var lastWhole = LastStoredIteration(coordinator);
        Assert.Contains(Directory.GetFiles(CheckpointFolder), f => f.EndsWith(".part", StringComparison.Ordinal));   // the kill cut a transfer

        var restarted = await StartCoordinator();
        Assert.DoesNotContain(Directory.GetFiles(CheckpointFolder), f => f.EndsWith(".part", StringComparison.Ordinal));
        var resumed = await restarted.WaitForLine(@"Running attempt \d+ on \S+ from iteration (\d+)", SweepTimeout);
        Assert.Equal(lastWhole, int.Parse(resumed.Groups[1].Value));
        // The node picks the checkpoint: the dispatch names no start iteration (the record's was the killed attempt's, 0).
        var dispatches = restarted.Lines.Where(l => l.Contains(" Dispatched attempt ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(dispatches);
        Assert.All(dispatches, d => Assert.DoesNotContain("from iteration", d, StringComparison.Ordinal));
        await restarted.WaitForLine("Sweep restart finished", SweepTimeout);
        var trial = (await StopAndRead(restarted, "restart")).Single();
        Assert.Equal(TrialState.Completed, trial.State);
    }

    /// <summary>Runs <paramref name="kill"/> as soon as a checkpoint is being written (its temporary file exists).</summary>
    private async Task WhileATransferIsUnderWay(Action kill)
    {
        var deadline = DateTime.UtcNow + SweepTimeout;
        while (!Directory.EnumerateFiles(CheckpointFolder, "*.part").Any())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no checkpoint transfer began");
            await Task.Delay(2);
        }

        kill();
    }

    private static int LastStoredIteration(ClusterProcess coordinator) =>
        coordinator.Lines.Select(l => Regex.Match(l, Stored)).Where(m => m.Success).Select(m => int.Parse(m.Groups[2].Value)).Last();

    private async Task<ClusterProcess> StartCoordinator()
    {
        var coordinator = Start(ClusterProcess.Coordinator(_database.Path, _port, ClusterProcess.ShortTimings));
        await coordinator.WaitForLine("Coordinator up at", Startup);
        return coordinator;
    }

    /// <summary>One slot; trials of 10 s with a 48 MB checkpoint every 50 iterations (half a second).</summary>
    private ClusterProcess Worker(string name) => Start(ClusterProcess.Worker(name, _port, 1, "10s", ClusterProcess.ShortTimings,
        "--simulate-checkpoint-kb", $"{48 * 1024}", "--checkpoint-every", "0s", "--checkpoint-min-iterations", "50"));

    private string SweepFile(string name, int seeds)
    {
        var path = Path.Combine(_database.Folder, name + ".yaml");
        File.WriteAllText(path, SweepFiles.Ring(name, seeds, iterations: 1000));
        return path;
    }

    private async Task<IReadOnlyList<TrialRecord>> StopAndRead(ClusterProcess coordinator, string sweep)
    {
        coordinator.Terminate();
        Assert.Equal(0, await coordinator.WaitForExit(TimeSpan.FromSeconds(60)));
        using var store = _database.Open();
        return store.Trials(store.FindSweep(sweep)!.TrialIds);
    }

    private ClusterProcess Start(ClusterProcess process)
    {
        _processes.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        _database.Dispose();
    }
}

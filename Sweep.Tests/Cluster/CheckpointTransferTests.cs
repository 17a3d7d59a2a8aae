using System.Diagnostics;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Protocol;
using Sweep.Cluster.Trials;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Store;
using Sweep.Tests.Support;
using Sweep.Training.Data.Images;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Tests.Cluster;

/// <summary>
/// Checkpoints moving between real ActorSystems on 127.0.0.1 (every message through Akka.Remote
/// over TLS): large ones must not hold up the coordinator's answers, and a real DCGAN checkpoint
/// carries an image trial from one worker to another.
/// </summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class CheckpointTransferTests : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TempDatabase _database = new();
    private readonly List<ClusterMember> _members = [];

    [Fact]
    public async Task Workers_pushing_large_checkpoints_leave_the_coordinator_answering_within_the_failure_detectors_bounds()
    {
        using var store = _database.Open();
        var coordinator = await StartCoordinator(store);
        // Two workers, each trial offering a 16 MB checkpoint every tenth of its 60 iterations.
        var entity = new TrialEntitySettings { HeartbeatInterval = TimeSpan.FromMilliseconds(200), Checkpointing = CheckpointCadence.EveryIterations(6) };
        var workers = new List<ClusterMember>();
        for (var i = 0; i < 2; i++)
            workers.Add(await StartWorker(coordinator, new SimulatedTrainer(TimeSpan.FromSeconds(8), checkpointBytes: 16 << 20), entity));
        await BothNodesRegistered(coordinator);

        var events = Submit(coordinator, SweepFiles.Ring("heavy", seeds: 2, iterations: 60));
        var roundTrips = new List<double>();
        var checkpointFiles = new HashSet<string>();
        var unreachableSeen = 0;
        var proxies = workers.Select(w => w.Registry.Get<CoordinatorKey>()).ToList();
        var finished = WaitForFinish(events);
        while (!finished.IsCompleted)
        {
            foreach (var proxy in proxies)
            {
                var sent = Stopwatch.GetTimestamp();
                await proxy.Ask<CoordinatorPong>(new CoordinatorPing(sent), Timeout);
                roundTrips.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            if (Directory.Exists(store.CheckpointFiles.Folder))
                checkpointFiles.UnionWith(Directory.GetFiles(store.CheckpointFiles.Folder, "*.ckpt").Select(Path.GetFileName)!);
            unreachableSeen += Akka.Cluster.Cluster.Get(coordinator.System).State.Unreachable.Count;
            await Task.Delay(50);
        }

        await finished;
        var trials = store.Trials(store.FindSweep("heavy")!.TrialIds);
        Assert.All(trials, t => Assert.Equal((TrialState.Completed, 1), (t.State, t.Attempt)));   // nothing lost, nothing retried
        Assert.True(checkpointFiles.Count >= 6, $"only {checkpointFiles.Count} checkpoint files were seen");
        Assert.Equal(0, unreachableSeen);
        var pause = ClusterOptions.Loopback().Timing.HeartbeatPause;
        roundTrips.Sort();
        Assert.True(roundTrips[^1] < pause.TotalMilliseconds / 2,
            $"the slowest of {roundTrips.Count} answers took {roundTrips[^1]:F0} ms (median {roundTrips[roundTrips.Count / 2]:F0} ms); the failure detector allows {pause.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task An_image_trial_handed_over_resumes_on_another_worker_from_its_real_dcgan_checkpoint_and_ends_as_if_never_moved()
    {
        var cifar = ImageFiles.WriteCifarRelease(Directory.CreateTempSubdirectory("sweep-cifar-").FullName);
        try
        {
            var data = new DataLocations(RealMnist.Locations.CacheDir, cifar);
            using var store = _database.Open();
            var coordinator = await StartCoordinator(store);
            var entity = new TrialEntitySettings { HeartbeatInterval = TimeSpan.FromMilliseconds(200), ProgressEvery = 1, Checkpointing = CheckpointCadence.EveryIterations(4) };
            var first = await StartWorker(coordinator, new TorchTrialTrainer(data), entity);
            var events = Submit(coordinator, ImageSweep);

            // Once it has trained a while, its worker leaves: the trial checkpoints and goes back.
            await foreach (var message in events.Reader.ReadAllAsync(new CancellationTokenSource(Timeout).Token))
                if (message is TrialProgressed { Iteration: >= 10 }) break;
            await first.DisposeAsync();
            _members.Remove(first);
            var second = await StartWorker(coordinator, new TorchTrialTrainer(data), entity);
            await WaitForFinish(events);

            var trial = store.Trials(store.FindSweep("image-handover")!.TrialIds).Single();
            Assert.Equal((TrialState.Completed, 2, 0), (trial.State, trial.Attempt, trial.Failures));
            Assert.Equal(NodeKeys.Of(Akka.Cluster.Cluster.Get(second.System).SelfAddress), trial.Node);
            Assert.True(trial.StartIteration >= 10, $"the second attempt started at iteration {trial.StartIteration}");

            // Resuming is exact: the same trial trained straight through ends with the same numbers.
            var straight = TrialRunner.Run(TrialSpec.FromJson(trial.Spec), new TrialRunOptions { Data = data, Trace = null }, CancellationToken.None);
            Assert.Equal(straight.Metrics, trial.Metrics());
        }
        finally
        {
            Directory.Delete(cifar, recursive: true);
        }
    }

    private const string ImageSweep = """
        name: image-handover
        grid:
          dataset: cifar10
          method: gan
          seed: 1
        iterations: 120   # the worker leaves at iteration 10: enough left that a slow shutdown still finds it training
        set:
          g_width: 4
          d_width: 4
          f_width: 4
          batch_size: 16
          noise_dim: 8
          eval_samples: 600
          ivom_images: 0
        """;

    private async Task<ClusterMember> StartCoordinator(SweepStore store)
    {
        var member = await ClusterMember.StartAsync(ClusterOptions.Loopback(), [ClusterConfig.CoordinatorRole],
            actors: akka => akka.WithCoordinatorProxy().WithTrialRegionProxy().WithCoordinator(store, new CoordinatorSettings()));
        _members.Add(member);
        await ClusterJoin.JoinAsync(member.System, Akka.Cluster.Cluster.Get(member.System).SelfAddress, Timeout);
        return member;
    }

    private async Task<ClusterMember> StartWorker(ClusterMember coordinator, ITrialTrainer trainer, TrialEntitySettings entity)
    {
        var member = await ClusterMember.StartAsync(ClusterOptions.Loopback(), [TrialNode.TrainerRole],
            actors: akka => akka.WithCoordinatorProxy().WithTrialNode(["cpu"], trainer, entity));
        _members.Add(member);
        await ClusterJoin.JoinAsync(member.System, Akka.Cluster.Cluster.Get(coordinator.System).SelfAddress, Timeout);
        return member;
    }

    private static async Task BothNodesRegistered(ClusterMember coordinator)
    {
        var proxy = coordinator.Registry.Get<CoordinatorKey>();
        while ((await proxy.Ask<NodeList>(new ListNodes(), Timeout)).Nodes.Count < 2) await Task.Delay(100);
    }

    private static Channel<object> Submit(ClusterMember coordinator, string yaml)
    {
        var events = Channel.CreateUnbounded<object>();
        coordinator.System.ActorOf(SweepObserver.Props(coordinator.Registry.Get<CoordinatorKey>(), new SubmitSweep(yaml, "test.yaml", Extend: false), events.Writer));
        return events;
    }

    private static async Task WaitForFinish(Channel<object> events)
    {
        await foreach (var message in events.Reader.ReadAllAsync(new CancellationTokenSource(Timeout).Token))
        {
            Assert.IsNotType<SweepRefused>(message);
            Assert.IsNotType<CoordinatorFaulted>(message);
            if (message is SweepFinished) return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Enumerable.Reverse(_members)) await member.DisposeAsync();
        _database.Dispose();
    }
}

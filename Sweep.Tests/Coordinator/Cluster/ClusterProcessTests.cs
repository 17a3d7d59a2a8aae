using System.Diagnostics;
using System.Text.RegularExpressions;
using Sweep.Bench;
using Sweep.Coordinator.Cli;
using Sweep.Store;
using Sweep.Tests.Support;
using Xunit.Abstractions;

namespace Sweep.Tests.Coordinator.Cluster;

/// <summary>
/// Real clusters of separate processes on 127.0.0.1: <c>sweep coordinator</c>, <c>sweep-node</c>
/// workers with simulated trials (fixed duration, real progress and checkpoints) and <c>sweep</c>
/// clients. Processes are killed with real signals; the results are read from the real database
/// once the coordinator has stopped. Failure detection is shortened through SWEEP_* variables.
/// </summary>
[Collection(TorchTests.Name)]
[Trait("Tier", "Full")]
public sealed class ClusterProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(3);

    private readonly TempDatabase _database = new();
    private readonly List<ClusterProcess> _processes = [];
    private readonly int _port = ClusterProcess.FreePort();

    [Fact]
    public async Task Workers_of_different_sizes_share_a_sweep_and_none_runs_more_trials_than_its_slots()
    {
        var coordinator = await StartCoordinator();
        var small = Worker("small", slots: 1, simulate: "1s");
        var large = Worker("large", slots: 3, simulate: "1s");
        var keys = new Dictionary<string, int> { [await small.NodeKey(Startup)] = 1, [await large.NodeKey(Startup)] = 3 };
        await WaitForNodes(coordinator, 2);

        var client = Sweep("run", SweepFile("shared", seeds: 8, iterations: 100), "--cluster", $"127.0.0.1:{_port}");
        Assert.Equal(0, await client.WaitForExit(SweepTimeout));
        Assert.Contains(client.Lines, l => l.Contains("16 trials: 16 completed", StringComparison.Ordinal));

        var trials = await StopAndRead(coordinator, "shared");
        Assert.All(trials, t => Assert.Equal((TrialState.Completed, 1), (t.State, t.Attempt)));
        foreach (var (key, slots) in keys)
        {
            var onNode = trials.Where(t => t.Node == key).ToList();
            Assert.True(MaxOverlap(onNode) <= slots, $"{key} ran {MaxOverlap(onNode)} trials at once with {slots} slot(s)");
        }

        var (onSmall, onLarge) = (trials.Count(t => t.Node == keys.Keys.First()), trials.Count(t => t.Node == keys.Keys.Last()));
        Assert.True(onSmall > 0 && onLarge > onSmall, $"1-slot node ran {onSmall}, 3-slot node {onLarge}");
    }

    [Fact]
    public async Task A_worker_joining_mid_sweep_gets_new_trials_and_no_running_trial_is_moved_or_stopped()
    {
        var coordinator = await StartCoordinator();
        var first = Worker("first", slots: 2, simulate: "2s");
        var firstKey = await first.NodeKey(Startup);
        await WaitForNodes(coordinator, 1);
        var client = Sweep("run", SweepFile("joined", seeds: 6, iterations: 1000), "--cluster", $"127.0.0.1:{_port}");
        await coordinator.WaitForLine($"Running attempt 1 on {Regex.Escape(firstKey)}", Startup);

        var late = Worker("late", slots: 2, simulate: "2s");
        var lateKey = await late.NodeKey(Startup);
        Assert.Equal(0, await client.WaitForExit(SweepTimeout));
        var trials = await StopAndRead(coordinator, "joined");
        AssertEachCompletedOnce(trials, coordinator);
        Assert.All(trials, t => Assert.Equal((1, 0), (t.Attempt, t.Failures)));   // nothing stopped or moved
        Assert.Contains(trials, t => t.Node == lateKey);
        Assert.DoesNotContain(coordinator.Lines, l => l.Contains("pending again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_killed_with_sigkill_loses_nothing_its_trials_resume_elsewhere_from_their_checkpoints()
    {
        var run = await RunOnTwoWorkers("killed", runFor: TimeSpan.FromSeconds(2.5));   // past the checkpoints at iterations 250 and 500
        run.First.Kill();
        var killed = Stopwatch.StartNew();
        await run.Coordinator.WaitForLine("Running attempt 2 on", SweepTimeout);
        output.WriteLine($"SIGKILL to a trial running again elsewhere: {killed.Elapsed.TotalSeconds:F1} s (heartbeat pause 2 s, stable-after 2 s)");

        var moved = await MovedTrials(run);
        Assert.All(moved, t => Assert.True(t.StartIteration > 0 && t.Failures == 1 && t.Node == run.SecondKey,
            $"{t.Id}: attempt {t.Attempt} from iteration {t.StartIteration}, {t.Failures} failure(s), on {t.Node}"));
    }

    [Fact]
    public async Task A_worker_stopped_with_sigterm_hands_its_trials_back_without_a_failure()
    {
        var run = await RunOnTwoWorkers("handed", runFor: TimeSpan.FromSeconds(1.5));
        run.First.Terminate();
        Assert.Equal(0, await run.First.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(run.First.Lines, l => l.Contains("every trial handed back", StringComparison.Ordinal));

        var moved = await MovedTrials(run);
        Assert.All(moved, t => Assert.True(t.StartIteration > 0 && t.Failures == 0 && t.Node == run.SecondKey,
            $"{t.Id}: from iteration {t.StartIteration} with {t.Failures} failure(s) on {t.Node}"));
    }

    [Fact]
    public async Task A_stalled_worker_downed_and_resumed_cannot_overwrite_the_newer_attempts_and_rejoins_as_a_new_member()
    {
        var run = await RunOnTwoWorkers("stalled", runFor: TimeSpan.FromSeconds(1.5));
        run.First.Signal("STOP");   // frozen: no heartbeats, training threads paused mid-trial
        await run.Coordinator.WaitForLine($"Running attempt 2 on {Regex.Escape(run.SecondKey)}", SweepTimeout);
        run.First.Signal("CONT");   // wakes up believing it still runs attempt 1

        Assert.Equal(0, await run.Client.WaitForExit(SweepTimeout));
        await run.First.WaitForLine("removed from the cluster", SweepTimeout);
        await WaitForNodes(run.Coordinator, 3);   // the stalled process came back as a new member
        var moved = await MovedTrials(run);
        Assert.All(moved, t => Assert.Equal(run.SecondKey, t.Node));
    }

    /// <summary>A coordinator, two workers of 2 slots and a followed sweep of 8 trials of 4 s, until the first worker has run one for <paramref name="runFor"/>.</summary>
    private async Task<TwoWorkerRun> RunOnTwoWorkers(string sweep, TimeSpan runFor)
    {
        var coordinator = await StartCoordinator();
        var first = Worker("first", slots: 2, simulate: "4s");
        var second = Worker("second", slots: 2, simulate: "4s");
        var firstKey = await first.NodeKey(Startup);
        var secondKey = await second.NodeKey(Startup);
        await WaitForNodes(coordinator, 2);

        var client = Sweep("run", SweepFile(sweep, seeds: 4, iterations: 1000), "--cluster", $"127.0.0.1:{_port}");
        await coordinator.WaitForLine($"Running attempt 1 on {Regex.Escape(firstKey)}", Startup);
        await Task.Delay(runFor);
        return new TwoWorkerRun(sweep, coordinator, first, second, secondKey, client);
    }

    /// <summary>Once the sweep is done: every trial completed exactly once; returns those that ran again after the first worker's fate.</summary>
    private async Task<IReadOnlyList<TrialRecord>> MovedTrials(TwoWorkerRun run)
    {
        Assert.Equal(0, await run.Client.WaitForExit(SweepTimeout));
        var trials = await StopAndRead(run.Coordinator, run.Sweep);
        AssertEachCompletedOnce(trials, run.Coordinator);
        var moved = trials.Where(t => t.Attempt > 1).ToList();
        Assert.NotEmpty(moved);
        return moved;
    }

    private sealed record TwoWorkerRun(string Sweep, ClusterProcess Coordinator, ClusterProcess First, ClusterProcess Second, string SecondKey, ClusterProcess Client);

    [Fact]
    public async Task A_coordinator_killed_and_restarted_on_its_database_finishes_the_sweep_with_every_trial_completed_once()
    {
        var first = await StartCoordinator();
        Worker("one", slots: 2, simulate: "3s");
        Worker("two", slots: 2, simulate: "3s");
        await WaitForNodes(first, 2);

        var submit = Sweep("submit", SweepFile("restarted", seeds: 6, iterations: 1000), "--to", $"127.0.0.1:{_port}");
        Assert.Equal(0, await submit.WaitForExit(Startup));
        await first.WaitForLine("completed:", SweepTimeout);
        await Task.Delay(TimeSpan.FromSeconds(1.5));   // others are mid-trial
        first.Kill();
        await first.WaitForExit(TimeSpan.FromSeconds(10));

        var second = await StartCoordinator();
        await second.WaitForLine("Resuming sweep restarted", Startup);
        await second.WaitForLine("Sweep restarted finished", SweepTimeout);
        var trials = await StopAndRead(second, "restarted");
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        var completions = first.Lines.Concat(second.Lines).Where(l => l.Contains(" completed: ", StringComparison.Ordinal)).ToList();
        Assert.All(trials, t => Assert.Single(completions, l => l.Contains(t.Id, StringComparison.Ordinal)));
        Assert.Contains(trials, t => t.Attempt > 1 && t.StartIteration > 0);   // resumed from a checkpoint after the restart
    }

    [Fact]
    public async Task Over_mutual_tls_only_members_with_a_certificate_from_the_clusters_ca_join()
    {
        var certificates = Path.Combine(_database.Folder, "certs");
        var foreign = Path.Combine(_database.Folder, "foreign");
        Assert.Equal(0, await Sweep("certs", "init", certificates).WaitForExit(Startup));
        Assert.Equal(0, await Sweep("certs", "init", foreign, "--trainers", "intruder").WaitForExit(Startup));
        var password = new Dictionary<string, string> { ["SWEEP_CERT_PASSWORD"] = (await File.ReadAllTextAsync(Path.Combine(certificates, "password"))).Trim() };
        var foreignPassword = new Dictionary<string, string> { ["SWEEP_CERT_PASSWORD"] = (await File.ReadAllTextAsync(Path.Combine(foreign, "password"))).Trim() };

        Assert.Equal(0, await Sweep("certs", "revoke", certificates, "node-2").WaitForExit(Startup));   // before the coordinator reads the list

        var coordinator = await StartCoordinator(password, "--cert", Path.Combine(certificates, "coordinator.pfx"));
        var member = Worker("member", 1, "1s", password, "--cert", Path.Combine(certificates, "node-1.pfx"));
        var intruder = Worker("intruder", 1, "1s", foreignPassword, "--cert", Path.Combine(foreign, "intruder.pfx"));
        var revoked = Worker("revoked", 1, "1s", password, "--cert", Path.Combine(certificates, "node-2.pfx"));
        var plain = Worker("plain", 1, "1s", null, "--insecure");
        var impostor = Worker("impostor", 1, "1s", password, "--cert", Path.Combine(certificates, "client.pfx"));   // the CA's, but a client's
        await member.NodeKey(Startup);
        await WaitForNodes(coordinator, 1);
        await coordinator.WaitForLine("Refused .* is not issued by this cluster's CA", Startup);
        await coordinator.WaitForLine("Refused .*CN=node-2.* is revoked", Startup);
        await RefusedByAnyChecker("Refused member .* claims the role trainer but its certificate CN=client, OU=client, O=Sweep carries client", coordinator, member);
        impostor.Kill();   // downed, it would join again and again, and each time hold up new members' admission

        // A trainer's certificate may not submit: the submitting member is refused, and so is its sweep.
        var posing = Sweep("submit", SweepFile("posing", seeds: 1, iterations: 100), "--to", $"127.0.0.1:{_port}",
            "--cert", Path.Combine(certificates, "node-3.pfx"), "--cert-password", password["SWEEP_CERT_PASSWORD"]);
        Assert.NotEqual(0, await posing.WaitForExit(SweepTimeout));
        Assert.True(posing.Lines.Any(l => l.Contains("this member has been downed", StringComparison.Ordinal)), string.Join("\n", posing.Lines));
        // Downed after joining, it says so at once instead of waiting out the admission's patience; downed while joining, it never joined.
        Assert.True(posing.Lines.Any(l => l.Contains("left the cluster at", StringComparison.Ordinal) || l.Contains("no coordinator answered", StringComparison.Ordinal)),
            string.Join("\n", posing.Lines));
        await RefusedByAnyChecker("Refused member .* claims the role client but its certificate CN=node-3, OU=trainer, O=Sweep carries trainer", coordinator, member);
        await plain.WaitForLine("No coordinator answered", Startup);
        await intruder.WaitForLine("No coordinator answered", Startup);
        await revoked.WaitForLine("No coordinator answered", Startup);

        var client = Sweep("run", SweepFile("secure", seeds: 2, iterations: 100), "--cluster", $"127.0.0.1:{_port}",
            "--cert", Path.Combine(certificates, "client.pfx"), "--cert-password", password["SWEEP_CERT_PASSWORD"]);
        Assert.Equal(0, await client.WaitForExit(SweepTimeout));
        Assert.Single(coordinator.Lines, l => l.Contains(" offers ", StringComparison.Ordinal));
        Assert.DoesNotContain(coordinator.Lines, l => l.Contains("Sweep posing", StringComparison.Ordinal));
        Assert.DoesNotContain(impostor.Lines, l => l.Contains("registered", StringComparison.Ordinal));
        Assert.DoesNotContain(intruder.Lines.Concat(plain.Lines).Concat(revoked.Lines), l => l.Contains("Joined the cluster", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sweep_of_100_000_trials_is_submitted_and_accepted_in_cluster_mode()
    {
        var coordinator = await StartCoordinator();

        var submit = Sweep("submit", SweepFile("huge", seeds: 50_000, iterations: 100), "--to", $"127.0.0.1:{_port}");

        Assert.Equal(0, await submit.WaitForExit(SweepTimeout));
        Assert.Contains(submit.Lines, l => l.Contains("sweep huge accepted: 100000 trials, 100000 to run", StringComparison.Ordinal));
        Assert.DoesNotContain(coordinator.Lines, l => l.Contains("OversizedPayload", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_submit_whose_coordinator_dies_while_admitting_its_sweep_says_so_and_exits_instead_of_waiting()
    {
        var coordinator = await StartCoordinator();
        // 100 000 trials take the coordinator seconds to admit: it dies (SIGKILL) with the client a member and the answer pending.
        var submit = Sweep("submit", SweepFile("orphaned", seeds: 50_000, iterations: 100), "--to", $"127.0.0.1:{_port}");
        await coordinator.WaitForLines(@"Leader is moving node \[\S+\] to \[Up\]", 2, Startup);   // itself, then the client
        await Task.Delay(TimeSpan.FromSeconds(3));   // the client hears it is up and sends the sweep, whose admission takes over 10 s
        coordinator.Kill();

        // The split brain resolver downs the client (stable-after 2 s); it exits then, not after the admission's 5 min of patience.
        Assert.Equal(ExitCodes.Failed, await submit.WaitForExit(TimeSpan.FromSeconds(90)));
        Assert.Contains(submit.Lines, l => l.Contains("this process left the cluster at", StringComparison.Ordinal));
        Assert.DoesNotContain(submit.Lines, l => l.Contains("accepted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_certificates_a_loopback_cluster_admits_only_processes_of_the_same_user()
    {
        // Two users of one machine, as two configuration folders: each holds its own loopback credential.
        var mine = new Dictionary<string, string> { ["SWEEP_CONFIG_DIR"] = Path.Combine(_database.Folder, "me") };
        var theirs = new Dictionary<string, string> { ["SWEEP_CONFIG_DIR"] = Path.Combine(_database.Folder, "someone-else") };

        var coordinator = await StartCoordinator(mine);
        var member = Worker("member", 1, "1s", mine);
        var otherUser = Worker("other-user", 1, "1s", theirs);
        var plain = Worker("plain", 1, "1s", mine, "--insecure");
        await member.NodeKey(Startup);
        await WaitForNodes(coordinator, 1);
        await coordinator.WaitForLine("Refused .* is not issued by this cluster's CA", Startup);
        await otherUser.WaitForLine("No coordinator answered", Startup);
        await plain.WaitForLine("No coordinator answered", Startup);

        var client = Start(ClusterProcess.Sweep(WithShortTimings(mine), "run", SweepFile("mine", seeds: 2, iterations: 100), "--cluster", $"127.0.0.1:{_port}"));
        Assert.Equal(0, await client.WaitForExit(SweepTimeout));
        Assert.Single(coordinator.Lines, l => l.Contains(" offers ", StringComparison.Ordinal));
        Assert.DoesNotContain(otherUser.Lines.Concat(plain.Lines), l => l.Contains("Joined the cluster", StringComparison.Ordinal));
        var credential = Path.Combine(mine["SWEEP_CONFIG_DIR"], global::Sweep.Cluster.Hosting.LoopbackCredential.FileName);
        Assert.True(OperatingSystem.IsLinux());   // these tests run on Linux; the mode check below needs it
        if (OperatingSystem.IsLinux()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credential));
    }

    [Fact]
    public async Task The_local_cluster_script_starts_a_coordinator_and_workers_runs_a_sweep_and_stops_cleanly_on_sigterm()
    {
        var logs = Path.Combine(_database.Folder, "logs");
        var script = Start(ClusterProcess.Script(Path.Combine(Repository.Root, "deploy", "local-cluster.sh"), ClusterProcess.ShortTimings,
            "-w", "1", "-w", "2", "-p", $"{_port}", "-d", _database.Path, "-l", logs, "-s", "1s"));
        await script.WaitForLine("cluster up: coordinator", Startup);

        var client = Sweep("run", SweepFile("scripted", seeds: 3, iterations: 100), "--cluster", $"127.0.0.1:{_port}");
        Assert.Equal(0, await client.WaitForExit(SweepTimeout));
        script.Terminate();
        Assert.Equal(0, await script.WaitForExit(TimeSpan.FromSeconds(90)));
        Assert.Contains(script.Lines, l => l.StartsWith("stopped", StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetFiles(logs, "worker-*.log").Length);

        using var store = _database.Open();   // free again: the coordinator has stopped
        var trials = store.Trials(store.FindSweep("scripted")!.TrialIds);
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
    }

    private async Task<ClusterProcess> StartCoordinator(IReadOnlyDictionary<string, string>? environment = null, params string[] extra)
    {
        var coordinator = Start(ClusterProcess.Coordinator(_database.Path, _port, WithShortTimings(environment), extra));
        await coordinator.WaitForLine("Coordinator up at", Startup);
        return coordinator;
    }

    private ClusterProcess Worker(string name, int slots, string simulate, IReadOnlyDictionary<string, string>? environment = null, params string[] extra) =>
        Start(ClusterProcess.Worker(name, _port, slots, simulate, WithShortTimings(environment), extra));

    private ClusterProcess Sweep(params string[] args) => Start(ClusterProcess.Sweep(ClusterProcess.ShortTimings, args));

    private static Dictionary<string, string> WithShortTimings(IReadOnlyDictionary<string, string>? environment) =>
        ClusterProcess.ShortTimings.Concat(environment ?? new Dictionary<string, string>()).ToDictionary();

    /// <summary>Every coordinator and trainer checks a new member; whichever does first logs the refusal and downs it.</summary>
    private static async Task RefusedByAnyChecker(string pattern, params ClusterProcess[] checkers) =>
        await await Task.WhenAny(checkers.Select(c => c.WaitForLine(pattern, Startup)));

    private static Task<Match> WaitForNodes(ClusterProcess coordinator, int count) => coordinator.WaitForLines(" offers ", count, Startup);

    /// <summary>Stops the coordinator (SIGTERM) so the database is free, and reads the sweep's trials.</summary>
    private async Task<IReadOnlyList<TrialRecord>> StopAndRead(ClusterProcess coordinator, string sweep)
    {
        coordinator.Terminate();
        Assert.Equal(0, await coordinator.WaitForExit(TimeSpan.FromSeconds(60)));
        using var store = _database.Open();
        return store.Trials(store.FindSweep(sweep)!.TrialIds);
    }

    private static void AssertEachCompletedOnce(IReadOnlyList<TrialRecord> trials, ClusterProcess coordinator)
    {
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        var completions = coordinator.Lines.Where(l => l.Contains(" completed: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(trials.Count, completions.Count);
        Assert.All(trials, t => Assert.Single(completions, l => l.Contains(t.Id, StringComparison.Ordinal)));
    }

    /// <summary>The most trials a node had between their start and end at any moment, as the coordinator recorded them.</summary>
    private static int MaxOverlap(IEnumerable<TrialRecord> trials) =>
        trials.SelectMany(t => new[] { (Time: t.StartedUtc!.Value, Step: 1), (Time: t.FinishedUtc!.Value, Step: -1) })
            .OrderBy(e => e.Time).ThenBy(e => e.Step)
            .Aggregate((Now: 0, Max: 0), (acc, e) => (acc.Now + e.Step, Math.Max(acc.Max, acc.Now + e.Step))).Max;

    private string SweepFile(string name, int seeds, int iterations)
    {
        var path = Path.Combine(_database.Folder, name + ".yaml");
        File.WriteAllText(path, SweepFiles.Ring(name, seeds, iterations, inits: "normal, covering"));
        return path;
    }

    private ClusterProcess Start(ClusterProcess process)
    {
        _processes.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            output.WriteLine($"--- {process.Name} (pid {process.Id})");
            foreach (var line in process.Lines.TakeLast(60)) output.WriteLine(line);
            process.Dispose();
        }

        _database.Dispose();
    }
}

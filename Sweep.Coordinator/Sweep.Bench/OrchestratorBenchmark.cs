using System.Diagnostics;
using System.Globalization;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Orchestration.Sweeps;
using Sweep.Cluster.Trials;
using Sweep.Web;

namespace Sweep.Bench;

/// <summary>
/// The orchestration measured on its own: the full embedded path (one-node cluster, coordinator,
/// shard region, trial entities, a real LiteDB file in a temp folder) with trainers that do no
/// training. Each case returns its figures as text lines.
/// </summary>
public static class OrchestratorBenchmark
{
    /// <summary>
    /// No-op trials through the full path, against a baseline measured in the same run: the store
    /// alone. With <paramref name="watchers"/> &gt; 0, also with the HTTP server up and that many
    /// clients on a live stream: the dashboard's (<c>/</c>), then the sweep's page, in turns with
    /// runs with the server up and no client (what a coordinator runs by default: the figure the
    /// clients are held to) and runs without a server (what serving costs at all), each run in a
    /// fresh process and each turn in another order, so that neither a process's drift (it slowed
    /// by a third over 15 runs in one process) nor warm-up favours one.
    /// </summary>
    /// <param name="cpus">When &gt; 0, each comparison run keeps to the first that many CPUs: on one, whatever serving costs comes out of the trials' time.</param>
    public static IEnumerable<string> Throughput(int trials, int watchers = 0, int turns = 5, int cpus = 0)
    {
        using var folder = new TempFolder();
        var baseline = StoreBaseline(Path.Combine(folder.Path, "baseline.db"), trials);
        var rate = NoOpRate(folder, "throughput", trials, watchers: 0, stream: null).Rate;
        yield return $"no-op trials: {trials} = {rate:F0} trials/s (target >= 1000) on 64 slots";
        yield return $"  baseline, same run: the store alone writes {baseline:F0} trial records/s in the coordinator's batch pattern (2 writes per trial); ratio {rate / baseline:P1}";
        if (watchers == 0) yield break;

        // Runs of a few seconds vary by ±10% here, and the machine's speed drifts between turns: each
        // turn's runs are compared with each other (paired ratios), and the medians over turns are reported.
        var longer = Math.Max(trials, 20_000);
        string[] streams = ["none", "server", "/events", "/events?sweep="];
        var runs = streams.ToDictionary(s => s, _ => new List<OneRunFigures>());
        for (var turn = 0; turn < turns; turn++)
            for (var i = 0; i < streams.Length; i++)
            {
                var stream = streams[(i + turn) % streams.Length];
                var (code, output) = BenchCommand.RunSelf(["orchestrator", "--case", "throughput", "--noop-trials", longer.ToString(CultureInfo.InvariantCulture),
                    "--sse-clients", watchers.ToString(CultureInfo.InvariantCulture), "--one-run", stream],
                    captureOutput: true, cpus);
                if (code != 0) throw new InvalidOperationException($"a run with stream {stream} failed ({code})");
                runs[stream].Add(OneRunFigures.Parse(output));
            }

        double PairedRatio(string of, string to, Func<OneRunFigures, double> figure) =>
            Median(runs[of].Zip(runs[to], (a, b) => figure(a) / figure(b)).ToList());
        string Rates(string stream) => string.Join(", ", runs[stream].Select(r => r.Rate.ToString("F0", CultureInfo.InvariantCulture)));
        string Cpu(string stream) => Median(runs[stream].Select(r => r.CpuMsPerThousand).ToList()).ToString("F0", CultureInfo.InvariantCulture);

        var onCpus = cpus > 0 ? $"on {cpus} of the {Environment.ProcessorCount} CPUs" : $"on all {Environment.ProcessorCount} CPUs";
        yield return $"  {longer} no-op trials {onCpus}, {turns} turns, trials/s per run; ratios are medians of each turn's paired ratio:";
        yield return $"    without a server: [{Rates("none")}], {Cpu("none")} ms of CPU per 1000 trials";
        yield return $"    with the HTTP server up and no client: [{Rates("server")}], {Cpu("server")} ms of CPU per 1000 trials; {PairedRatio("server", "none", r => r.Rate):P1} of no server";
        foreach (var (stream, page) in new[] { ("/events", "the dashboard (/)"), ("/events?sweep=", "the sweep's page") })
            yield return $"    with {watchers} clients on {page}'s live stream: [{Rates(stream)}], {Cpu(stream)} ms of CPU per 1000 trials (the clients' own reading included); " +
                         $"{PairedRatio(stream, "server", r => r.Rate):P1} of the server with no client (target >= 95%), {PairedRatio(stream, "none", r => r.Rate):P1} of no server; " +
                         $"CPU per trial {PairedRatio(stream, "server", r => r.CpuMsPerThousand):P1} of the server with no client's; " +
                         $"they heard {runs[stream].Sum(r => r.Events)} section updates in all";
    }

    /// <summary>What one run of <see cref="Throughput"/>'s comparison measured, as <see cref="OneRun"/> prints it.</summary>
    private sealed record OneRunFigures(double Rate, long Events, double CpuMsPerThousand)
    {
        public static OneRunFigures Parse(string line)
        {
            var figures = line.Trim().Split(' ');
            return new OneRunFigures(double.Parse(figures[0], CultureInfo.InvariantCulture), long.Parse(figures[1], CultureInfo.InvariantCulture),
                double.Parse(figures[2], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// One run for <see cref="Throughput"/>'s comparison, in this process: "RATE EVENTS CPU", CPU
    /// being the process's milliseconds of processor time per 1000 trials. A short
    /// run of the same kind comes first, so that compiling the code (the server's, the live view's)
    /// is not what is measured: a coordinator serves for hours.
    /// </summary>
    /// <param name="stream">"none" (no server), "server" (the server, no client), "/events", or "/events?sweep=" (the run's sweep's name is appended).</param>
    public static string OneRun(int trials, int watchers, string stream)
    {
        using var folder = new TempFolder();
        (double Rate, long Events) Once(string name, int count) =>
            NoOpRate(folder, name, count, stream is "none" or "server" ? 0 : watchers, stream switch { "none" => null, "/events?sweep=" => stream + name, _ => stream });
        Once("warm-up", Math.Min(trials, 3_000));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (rate, events) = Once("measured", trials);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return FormattableString.Invariant($"{rate:F1} {events} {cpu.TotalMilliseconds * 1000 / trials:F1}");
    }

    private static (double Rate, long Events) NoOpRate(TempFolder folder, string name, int trials, int watchers, string? stream)
    {
        using var store = SweepStore.Open(Path.Combine(folder.Path, $"{name}.db"));
        if (stream is null) return (trials / Run(store, Grid(name, trials), FixedDurationTrainer.NoOp, slots: 64).Running.TotalSeconds, 0);
        var watching = new DashboardWatchers(stream, watchers);
        var running = Run(store, Grid(name, trials), FixedDurationTrainer.NoOp, slots: 64, attach: watching.AttachAsync).Running;
        return (trials / running.TotalSeconds, watching.Events);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>No-op trials through the embedded one-process path: the baseline the cluster's dispatch rate is compared with.</summary>
    public static double EmbeddedNoOpRate(int trials, int slots)
    {
        using var folder = new TempFolder();
        using var store = SweepStore.Open(Path.Combine(folder.Path, "sweep.db"));
        return trials / Run(store, Grid("baseline", trials), FixedDurationTrainer.NoOp, slots).Running.TotalSeconds;
    }

    /// <summary>Fixed-duration trials on few slots: wall time against the ideal (work / slots).</summary>
    public static IEnumerable<string> Scheduling(int trials, TimeSpan work, int slots)
    {
        using var folder = new TempFolder();
        using var store = SweepStore.Open(Path.Combine(folder.Path, "sweep.db"));
        var run = Run(store, Grid("scheduling", trials), new FixedDurationTrainer(work), slots);
        var ideal = TimeSpan.FromTicks(work.Ticks * (long)Math.Ceiling(trials / (double)slots));
        yield return $"scheduling: {trials} trials x {work.TotalSeconds:F2} s on {slots} slots: wall {run.Running.TotalSeconds:F2} s, ideal {ideal.TotalSeconds:F2} s, ratio {run.Running / ideal:F4} (target <= 1.03)";
    }

    /// <summary>A sweep of <paramref name="trials"/> with half completed: time to the first dispatch, then the export.</summary>
    public static IEnumerable<string> Resume(int trials)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "sweep.db");
        var yaml = Grid("resume", trials);
        var definition = SweepFileReader.Read(yaml, "bench");
        using (var seed = SweepStore.Open(path))
        {
            var decision = SweepAdmission.Admit(definition, yaml, null, _ => [], extend: false, DateTime.UtcNow);
            var completed = decision.NewTrials.Select((t, i) => i % 2 == 0
                ? t with { State = TrialState.Completed, Attempt = 1, Modes = i % 9, MaxModes = 8, HighQuality = 0.5, Seconds = 1 }
                : t).ToList();
            seed.SaveSweep(decision.Sweep, completed);
        }

        using var store = SweepStore.Open(path);
        var run = Run(store, yaml, new FixedDurationTrainer(TimeSpan.FromHours(1)), slots: 2, stopAtFirstDispatch: true);
        var toDispatch = run.Startup + run.FirstDispatch;

        // Baseline, same run: starting the one-node cluster again and admitting a one-trial sweep.
        TimeSpan clusterStart;
        using (var empty = SweepStore.Open(Path.Combine(folder.Path, "baseline.db")))
        {
            var baseline = Run(empty, Grid("baseline", 1), FixedDurationTrainer.NoOp, slots: 2, stopAtFirstDispatch: true);
            clusterStart = baseline.Startup + baseline.FirstDispatch;
        }
        yield return $"resume: {trials} trials, {trials / 2} completed: first dispatch {toDispatch.TotalSeconds:F2} s after the run began, " +
                     $"cluster start and JIT included (target <= 2 s); a 1-trial sweep run next, warm, takes {clusterStart.TotalSeconds:F2} s to the same point";

        foreach (var (format, render) in new (string, Func<SweepReport, string>)[]
                 { ("md", r => MarkdownExport.Render(r)), ("csv", CsvExport.Trials), ("latex", r => LatexExport.Render(r)), ("json", r => JsonExport.Render(r)) })
        {
            var clock = Stopwatch.StartNew();
            var text = render(SweepReports.Load(store, "resume")!);
            yield return $"  export --format {format}: {clock.Elapsed.TotalSeconds:F2} s for {text.Length / 1e6:F1} MB (target <= 1 s)";
        }
    }

    /// <summary>The process's managed heap and resident memory with a sweep of <paramref name="trials"/> admitted and running.</summary>
    public static IEnumerable<string> Memory(int trials)
    {
        using var folder = new TempFolder();
        using var store = SweepStore.Open(Path.Combine(folder.Path, "sweep.db"));
        var before = Heap();
        var run = Run(store, Grid("memory", trials), new FixedDurationTrainer(TimeSpan.FromHours(1)), slots: 2, stopAtFirstDispatch: true,
            measure: () => (Heap(), Environment.WorkingSet));
        var (heap, resident) = run.Measured!.Value;
        yield return $"memory: {trials} trials admitted, 2 running: managed heap {heap / 1e6:F0} MB ({(heap - before) / 1e6:F0} MB more than before), " +
                     $"resident {resident / 1e6:F0} MB (target <= 300 MB); the sweep was admitted {run.Startup.TotalSeconds:F1} s after the run began";
    }

    private sealed record Timings(TimeSpan Startup, TimeSpan FirstDispatch, TimeSpan Running, (long Heap, long Resident)? Measured);

    private static Timings Run(SweepStore store, string yaml, ITrialTrainer trainer, int slots, bool stopAtFirstDispatch = false,
        Func<(long, long)>? measure = null, Func<Akka.Actor.ActorSystem, Akka.Actor.IActorRef, SweepMetrics, Task<IAsyncDisposable?>>? attach = null)
    {
        var clock = Stopwatch.StartNew();
        var view = new TimingView(clock);
        using var stop = new CancellationTokenSource();
        (long, long)? measured = null;
        if (stopAtFirstDispatch)
            view.FirstDispatched = () =>
            {
                measured = measure?.Invoke();
                stop.Cancel();
            };
        var metrics = new SweepMetrics();
        var options = new EmbeddedOptions
        {
            Slots = slots, Trainer = trainer, Coordinator = new CoordinatorSettings { Observer = metrics },
            Attach = attach is null ? null : (system, coordinator) => attach(system, coordinator, metrics),
        };
        var outcome = SweepRun.RunAsync(store, options, new SubmitSweep(yaml, "bench", Extend: false), view, stop.Token).GetAwaiter().GetResult();
        var end = clock.Elapsed;
        if (outcome.End is RunEnd.Refused or RunEnd.Faulted) throw new InvalidOperationException(outcome.Message);
        return new Timings(view.AcceptedAt, view.DispatchedAt - view.AcceptedAt, view.Finished ?? end - view.AcceptedAt, measured);
    }

    /// <summary>Records when the sweep was accepted, first dispatched and last finished.</summary>
    private sealed class TimingView(Stopwatch clock) : ISweepView
    {
        private int _unfinished;
        public Action? FirstDispatched { get; set; }
        public TimeSpan AcceptedAt { get; private set; }
        public TimeSpan DispatchedAt { get; private set; }
        public TimeSpan? Finished { get; private set; }

        public void Accepted(SweepAccepted accepted)
        {
            AcceptedAt = clock.Elapsed;
            _unfinished = accepted.Unfinished;
        }

        public void Changed(TrialChanged change)
        {
            if (change.Trial.State == TrialState.Dispatched && DispatchedAt == TimeSpan.Zero)
            {
                DispatchedAt = clock.Elapsed;
                FirstDispatched?.Invoke();
            }

            if (change.Trial.State.IsFinal() && --_unfinished == 0)
                Finished = clock.Elapsed - AcceptedAt;
        }

        public void Progressed(TrialProgressed progress)
        {
        }
    }

    /// <summary>The coordinator's write pattern without the actors: each trial written dispatched, then completed, in batches of 64.</summary>
    private static double StoreBaseline(string path, int trials)
    {
        using var store = SweepStore.Open(path);
        var records = Enumerable.Range(0, trials).Select(i => new TrialRecord { Id = $"t{i:D8}", Spec = "{}", State = TrialState.Dispatched }).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var batch in records.Chunk(64))
        {
            store.Save(batch);
            store.Save(batch.Select(t => t with { State = TrialState.Completed, Modes = 1 }).ToList());
        }

        return trials / clock.Elapsed.TotalSeconds;
    }

    internal static string Grid(string name, int trials, int iterations = 1) => $"""
        name: {name}
        grid:
          dataset: ring
          method: gan
          seed: {trials}
        iterations: {iterations}
        """;

    private static long Heap()
    {
        // Aggressive: also gives freed memory back to the OS, so the resident figure means something.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using Spectre.Console;
using Sweep.Coordinator.Cli;

namespace Sweep.Bench;

/// <summary>
/// <c>sweep-bench</c>: benchmarks that print their figures (training: <see cref="BenchTrainCommand"/>),
/// built beside sweep and sweep-node but not shipped with them.
/// </summary>
public static class BenchCommand
{
    public static Task<int> RunAsync(string[] args) => SweepCommandLine.RunAsync(new RootCommand("sweep-bench: Sweep's benchmarks, which print their figures.")
    {
        BenchTrainCommand.Create(), OrchestratorCommand(), ClusterCommand(), ImagesCommand(), ReportCommand(),
    }, "sweep-bench", args);

    /// <summary><c>sweep-bench report</c>: how long the report of a 100-trial sweep takes (target: 10 s on 2 cores).</summary>
    private static Command ReportCommand()
    {
        var seeds = new Option<int>("--seeds") { Description = "Seeds per variant: 4 variants × 25 seeds = 100 trials.", DefaultValueFactory = _ => 25 };
        var command = new Command("report", "Time 'sweep report' on a ring sweep of LO17's four variants (100 trials by default).") { seeds };
        command.SetAction(parse =>
        {
            var result = ReportBenchmark.Run(parse.GetValue(seeds), line => AnsiConsole.WriteLine(line));
            AnsiConsole.WriteLine($"{Environment.ProcessorCount} cores: report of {result.Trials} trials, {result.Pictures} pictures: " +
                                  $"{result.ColdSeconds:F2} s first (JIT included), {result.WarmSeconds:F2} s again (target <= 10 s)");
            AnsiConsole.WriteLine($"baseline: one bare {340}x{340} ScottPlot PNG {result.BarePngMilliseconds:F1} ms; the report costs " +
                                  $"{result.BarePngsPerPicture:F2} bare PNGs per picture (work spread over {Environment.ProcessorCount} cores)");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>sweep-bench images</c>: classifier training, Stacked MNIST scoring, DCGAN iterations per batch size.</summary>
    private static Command ImagesCommand()
    {
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes to time.", DefaultValueFactory = _ => [16, 64, 128], AllowMultipleArgumentsPerToken = true };
        var width = new Option<int>("--width") { Description = "Base channels of the DCGAN nets (the dcgan preset's 64).", DefaultValueFactory = _ => 64 };
        var iterations = new Option<int>("--iterations") { Description = "Iterations timed per batch size.", DefaultValueFactory = _ => 10 };
        var method = new Option<string>("--method") { Description = "Method to time.", DefaultValueFactory = _ => "gan" };
        var classifier = new Option<bool>("--train-classifier") { Description = "Also train a fresh classifier (minutes) and report its time and accuracy." };
        var command = new Command("images", "Classifier training, scoring 26 000 Stacked MNIST samples, DCGAN iteration time against the GEMM peak.")
        {
            batches, width, iterations, method, classifier,
        };
        command.SetAction(parse =>
        {
            var locations = Training.Data.Images.DataLocations.FromEnvironment();
            AnsiConsole.WriteLine($"{Environment.ProcessorCount} cores, {TorchSharp.torch.get_num_threads()} torch threads");
            if (parse.GetValue(classifier))
            {
                var trained = ImageBenchmark.TrainClassifier(locations, line => AnsiConsole.WriteLine(line));
                AnsiConsole.WriteLine($"classifier: {trained.Epochs} epochs in {trained.Elapsed.TotalSeconds:F0} s, test accuracy {trained.TestAccuracy:P2}");
            }

            var scoring = ImageBenchmark.TimeScoring(locations, parse.GetValue(width), 26_000);
            AnsiConsole.WriteLine($"scoring {scoring.Samples} samples (width {parse.GetValue(width)} generator + classifier): {scoring.Seconds:F1} s " +
                                  $"(untrained generator: {scoring.Modes} modes, KL {scoring.Kl:F2}; target <= 30 s)");
            var table = new Table().AddColumns("batch", "ms / iteration", "GFLOP/s", "GEMM 1024³ GFLOP/s", "ratio");
            foreach (var batch in parse.GetValue(batches)!)
            {
                var r = ImageBenchmark.TimeIterations(locations, parse.GetValue(method)!, batch, parse.GetValue(width), parse.GetValue(iterations));
                table.AddRow(batch.ToString(), r.MillisecondsPerIteration.ToString("F1"), r.Gflops.ToString("F1"), r.GemmGflops.ToString("F1"), r.RatioToGemm.ToString("P0"));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly string[] OrchestratorCases = ["throughput", "scheduling", "resume", "memory"];

    /// <summary><c>sweep-bench orchestrator</c>: each case in a fresh process, so one case's heap does not colour another's.</summary>
    private static Command OrchestratorCommand()
    {
        var only = new Option<string?>("--case") { Description = $"Run one case in this process: {string.Join(", ", OrchestratorCases)}." };
        only.AcceptOnlyFromAmong(OrchestratorCases);
        var noOp = new Option<int>("--noop-trials") { Description = "No-op trials for the throughput case.", DefaultValueFactory = _ => 5_000 };
        var resume = new Option<int>("--resume-trials") { Description = "Sweep size for the resume case (half completed).", DefaultValueFactory = _ => 10_000 };
        var memory = new Option<int>("--memory-trials") { Description = "Sweep size for the memory case.", DefaultValueFactory = _ => 100_000 };
        var watchers = new Option<int>("--sse-clients") { Description = "Throughput case: also measure with the HTTP server up and this many clients on the sweep's live stream (0: not).", DefaultValueFactory = _ => 10 };
        var turns = new Option<int>("--turns") { Description = "Throughput case with SSE clients: turns of its four runs (no server, server, dashboard, sweep page).", DefaultValueFactory = _ => 5 };
        turns.Validators.Add(result => { if (result.GetValueOrDefault<int>() < 1) result.AddError("--turns: at least 1."); });
        var cpus = new Option<int>("--cpus")
        {
            Description = "Throughput case with SSE clients: each measured run on this many CPUs only (0: all). On one CPU whatever serving costs comes out of the trials' time, and runs vary far less.",
            DefaultValueFactory = _ => 0,
        };
        cpus.Validators.Add(result =>
        {
            var n = result.GetValueOrDefault<int>();
            if (n < 0 || n > Environment.ProcessorCount) result.AddError($"--cpus: 0 (all) to {Environment.ProcessorCount}.");
            else if (n > 0 && !OperatingSystem.IsLinux()) result.AddError("--cpus: Linux only (the runs start under taskset).");
        });
        var oneRun = new Option<string?>("--one-run") { Description = "Throughput case: one run of its comparison (none, server, /events, /events?sweep=), printing its rate.", Hidden = true };
        var command = new Command("orchestrator", "Dispatch throughput, scheduling efficiency, resume, export and memory of the embedded path with trainers that do no training.")
        {
            only, noOp, resume, memory, watchers, turns, cpus, oneRun,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(only) is not { } one)
            {
                foreach (var name in OrchestratorCases)
                {
                    var code = RunSelf(["orchestrator", "--case", name, "--noop-trials", parse.GetValue(noOp).ToString(),
                        "--resume-trials", parse.GetValue(resume).ToString(), "--memory-trials", parse.GetValue(memory).ToString(),
                        "--sse-clients", parse.GetValue(watchers).ToString(), "--turns", parse.GetValue(turns).ToString(), "--cpus", parse.GetValue(cpus).ToString()]);
                    if (code != 0) return code;
                }

                return ExitCodes.Ok;
            }

            if (parse.GetValue(oneRun) is { } stream)
            {
                Console.Out.WriteLine(OrchestratorBenchmark.OneRun(parse.GetValue(noOp), parse.GetValue(watchers), stream));
                return ExitCodes.Ok;
            }

            var lines = one switch
            {
                "throughput" => OrchestratorBenchmark.Throughput(parse.GetValue(noOp), parse.GetValue(watchers), parse.GetValue(turns), parse.GetValue(cpus)),
                "scheduling" => OrchestratorBenchmark.Scheduling(200, TimeSpan.FromSeconds(0.5), slots: 2),
                "resume" => OrchestratorBenchmark.Resume(parse.GetValue(resume)),
                _ => OrchestratorBenchmark.Memory(parse.GetValue(memory)),
            };
            foreach (var line in lines) Console.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly string[] ClusterCases = ["utilization", "recovery", "throughput", "checkpoints"];

    /// <summary><c>sweep-bench cluster</c>: real coordinator and worker processes on loopback with simulated trials.</summary>
    private static Command ClusterCommand()
    {
        var only = new Option<string?>("--case") { Description = $"Run one case: {string.Join(", ", ClusterCases)}." };
        only.AcceptOnlyFromAmong(ClusterCases);
        var trials = new Option<int>("--noop-trials") { Description = "No-op trials for the throughput case.", DefaultValueFactory = _ => 5_000 };
        var megabytes = new Option<int>("--checkpoint-mb") { Description = "Checkpoint size for the checkpoints case (a DCGAN at width 64 with Adam: about 80).", DefaultValueFactory = _ => 80 };
        var defaults = new Option<bool>("--default-timings") { Description = "Also time recovery with the default failure detection (about 30 s more)." };
        var command = new Command("cluster", "Slot utilization, recovery after a worker's SIGKILL, dispatch throughput and checkpoint transfer of a real multi-process cluster.")
        {
            only, trials, megabytes, defaults,
        };
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(only) is { } one ? [one] : ClusterCases;
            foreach (var name in chosen)
            {
                var lines = name switch
                {
                    "utilization" => ClusterBenchmark.Utilization(60, TimeSpan.FromSeconds(1)),
                    "recovery" => parse.GetValue(defaults)
                        ? ClusterBenchmark.Recovery(shortTimings: true).Concat(ClusterBenchmark.Recovery(shortTimings: false))
                        : ClusterBenchmark.Recovery(shortTimings: true),
                    "checkpoints" => CheckpointBenchmark.Run(parse.GetValue(megabytes)),
                    _ => ClusterBenchmark.Throughput(parse.GetValue(trials)),
                };
                foreach (var line in lines) Console.Out.WriteLine(line);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static int RunSelf(IEnumerable<string> args) => RunSelf(args, captureOutput: false).ExitCode;

    /// <summary>This executable again, as a child process; its standard output when <paramref name="captureOutput"/>.</summary>
    /// <param name="cpus">
    /// When &gt; 0, the child keeps to the first that many CPUs: started under <c>taskset</c>, so every
    /// thread of it, the runtime's own included, inherits the mask (setting it from inside the
    /// process reaches only its main thread on Linux).
    /// </param>
    internal static (int ExitCode, string Output) RunSelf(IEnumerable<string> args, bool captureOutput, int cpus = 0)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(cpus > 0 ? "taskset" : host) { UseShellExecute = false, RedirectStandardOutput = captureOutput };
        if (cpus > 0)
            foreach (var arg in new[] { "-c", $"0-{cpus - 1}", host }) start.ArgumentList.Add(arg);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        var output = captureOutput ? child.StandardOutput.ReadToEnd() : "";
        child.WaitForExit();
        return (child.ExitCode, output);
    }
}

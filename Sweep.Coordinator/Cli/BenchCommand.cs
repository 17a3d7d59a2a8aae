using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using Spectre.Console;
using Sweep.Coordinator.Bench;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep bench train</c>: training throughput against this machine's GEMM peak, and a leak check.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "Alternating GEMM/training rounds per thread count.", DefaultValueFactory = _ => 7 };
        var iterations = new Option<int>("--iterations") { Description = "Training iterations per round.", DefaultValueFactory = _ => 50 };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to time, each in a fresh process.", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var method = new Option<string>("--method") { Description = "Method to time with the lo17 preset.", DefaultValueFactory = _ => "gan" };
        var leak = new Option<bool>("--leak-check") { Description = "Also run 10 000 iterations and compare resident memory after 1 000 and 10 000." };

        var train = new Command("train", "Time the LO17 ring iteration (batch 512, 10 D steps) against the in-process GEMM peak.")
        {
            rounds, iterations, threads, method, leak,
        };
        train.SetAction(parse =>
        {
            var counts = parse.GetValue(threads)!;
            if (counts.Length != 1)
            {
                // torch's OpenMP pool does not reliably resize within a process: one process per thread count.
                foreach (var t in counts)
                {
                    var code = RunSelf(["bench", "train", "--threads", t.ToString(), "--rounds", parse.GetValue(rounds).ToString(),
                        "--iterations", parse.GetValue(iterations).ToString(), "--method", parse.GetValue(method)!]);
                    if (code != 0) return code;
                }
            }
            else
            {
                ThreadsOption.Apply(counts[0]);
                Report(counts[0], parse.GetValue(method)!, parse.GetValue(rounds), parse.GetValue(iterations));
            }

            if (parse.GetValue(leak))
            {
                var spec = TrainingBenchmark.Lo17Ring(parse.GetValue(method)!);
                var check = TrainingBenchmark.CheckLeaks(spec, 1_000, 10_000, i => AnsiConsole.MarkupLine($"[grey]leak check: {i} iterations[/]"));
                AnsiConsole.MarkupLine($"leak check: RSS after {check.EarlyIteration} iterations {check.EarlyRssBytes / 1e6:F1} MB, after " +
                                       $"{check.LateIteration} {check.LateRssBytes / 1e6:F1} MB: growth {check.GrowthMegabytes:F1} MB (target <= 50 MB)");
            }

            return ExitCodes.Ok;
        });

        return new Command("bench", "Benchmarks that print their figures.") { train, OrchestratorCommand(), ClusterCommand(), ImagesCommand(), ReportCommand() };
    }

    /// <summary><c>sweep bench report</c>: how long the report of a 100-trial sweep takes (target: 10 s on 2 cores).</summary>
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

    /// <summary><c>sweep bench images</c>: classifier training, Stacked MNIST scoring, DCGAN iterations per batch size.</summary>
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

    /// <summary><c>sweep bench orchestrator</c>: each case in a fresh process, so one case's heap does not colour another's.</summary>
    private static Command OrchestratorCommand()
    {
        var only = new Option<string?>("--case") { Description = $"Run one case in this process: {string.Join(", ", OrchestratorCases)}." };
        only.AcceptOnlyFromAmong(OrchestratorCases);
        var noOp = new Option<int>("--noop-trials") { Description = "No-op trials for the throughput case.", DefaultValueFactory = _ => 5_000 };
        var resume = new Option<int>("--resume-trials") { Description = "Sweep size for the resume case (half completed).", DefaultValueFactory = _ => 10_000 };
        var memory = new Option<int>("--memory-trials") { Description = "Sweep size for the memory case.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("orchestrator", "Dispatch throughput, scheduling efficiency, resume, export and memory of the embedded path with trainers that do no training.")
        {
            only, noOp, resume, memory,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(only) is not { } one)
            {
                foreach (var name in OrchestratorCases)
                {
                    var code = RunSelf(["bench", "orchestrator", "--case", name, "--noop-trials", parse.GetValue(noOp).ToString(),
                        "--resume-trials", parse.GetValue(resume).ToString(), "--memory-trials", parse.GetValue(memory).ToString()]);
                    if (code != 0) return code;
                }

                return ExitCodes.Ok;
            }

            var lines = one switch
            {
                "throughput" => OrchestratorBenchmark.Throughput(parse.GetValue(noOp)),
                "scheduling" => OrchestratorBenchmark.Scheduling(200, TimeSpan.FromSeconds(0.5), slots: 2),
                "resume" => OrchestratorBenchmark.Resume(parse.GetValue(resume)),
                _ => OrchestratorBenchmark.Memory(parse.GetValue(memory)),
            };
            foreach (var line in lines) Console.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly string[] ClusterCases = ["utilization", "recovery", "throughput"];

    /// <summary><c>sweep bench cluster</c>: real coordinator and worker processes on loopback with simulated trials.</summary>
    private static Command ClusterCommand()
    {
        var only = new Option<string?>("--case") { Description = $"Run one case: {string.Join(", ", ClusterCases)}." };
        only.AcceptOnlyFromAmong(ClusterCases);
        var trials = new Option<int>("--noop-trials") { Description = "No-op trials for the throughput case.", DefaultValueFactory = _ => 5_000 };
        var defaults = new Option<bool>("--default-timings") { Description = "Also time recovery with the default failure detection (about 30 s more)." };
        var command = new Command("cluster", "Slot utilization, recovery after a worker's SIGKILL and dispatch throughput of a real multi-process cluster.")
        {
            only, trials, defaults,
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
                    _ => ClusterBenchmark.Throughput(parse.GetValue(trials)),
                };
                foreach (var line in lines) Console.Out.WriteLine(line);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Report(int threads, string method, int rounds, int iterations)
    {
        var spec = TrainingBenchmark.Lo17Ring(method);
        var results = TrainingBenchmark.Time(spec, rounds, iterations);
        double Med(Func<TrainingBenchmark.Round, double> f) => TrainingBenchmark.Median(results.Select(f));
        string Range(Func<TrainingBenchmark.Round, double> f, string format) =>
            Markup.Escape($"{Med(f).ToString(format)} [{results.Min(f).ToString(format)}–{results.Max(f).ToString(format)}]");

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(spec.Label)}[/] ({method}, preset lo17: batch {spec.Hyper.BatchSize}, " +
                               $"{spec.Hyper.DSteps} D steps per G step), {threads} thread(s), {rounds} rounds × {iterations} iterations; median [[min–max]]");
        var table = new Table().AddColumns("measure", "value");
        table.AddRow("ms / iteration", Range(r => r.MillisecondsPerIteration, "F2"));
        table.AddRow("iterations / s", $"{1000 / Med(r => r.MillisecondsPerIteration):F1}");
        table.AddRow("achieved GFLOP/s", Range(r => r.AchievedGflops, "F1"));
        table.AddRow("GEMM 1024×1024×1024 GFLOP/s", Range(r => r.LargeGemmGflops, "F1"));
        table.AddRow($"GEMM {2 * spec.Hyper.BatchSize}×{spec.Hyper.DWidth}×{spec.Hyper.DWidth} GFLOP/s", Range(r => r.LayerGemmGflops, "F1"));
        table.AddRow("ratio to GEMM 1024³ (per round)", Range(r => r.RatioToLargeGemm, "P0"));
        table.AddRow("ratio to hidden-layer GEMM (per round)", Range(r => r.RatioToLayerGemm, "P0"));
        AnsiConsole.Write(table);
    }

    private static int RunSelf(IEnumerable<string> args)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }
}

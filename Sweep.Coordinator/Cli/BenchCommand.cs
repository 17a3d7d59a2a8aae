using System.CommandLine;
using Spectre.Console;
using Sweep.Coordinator.Bench;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep bench train</c>: training throughput against this machine's GEMM peak, and a leak check.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var iterations = new Option<int>("--iterations") { Description = "Timed iterations per thread count.", DefaultValueFactory = _ => 300 };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to time.", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var method = new Option<string>("--method") { Description = "Method to time with the lo17 preset.", DefaultValueFactory = _ => "gan" };
        var leak = new Option<bool>("--leak-check") { Description = "Also run 10 000 iterations and compare native memory after 1 000 and 10 000." };

        var train = new Command("train", "Time the LO17 ring iteration (batch 512, 10 D steps) against the in-process GEMM peak.")
        {
            iterations, threads, method, leak,
        };
        train.SetAction(parse =>
        {
            var spec = TrainingBenchmark.Lo17Ring(parse.GetValue(method)!);
            var table = new Table().AddColumns("threads", "it/s", "ms/it", "achieved GFLOP/s", "GEMM 1024³ GFLOP/s", "ratio",
                $"GEMM {2 * spec.Hyper.BatchSize}×{spec.Hyper.DWidth}×{spec.Hyper.DWidth} GFLOP/s", "ratio");
            foreach (var t in parse.GetValue(threads)!)
            {
                var row = TrainingBenchmark.Time(spec, t, parse.GetValue(iterations));
                table.AddRow(t.ToString(), $"{row.IterationsPerSecond:F1}", $"{row.MillisecondsPerIteration:F2}", $"{row.AchievedGflops:F1}",
                    $"{row.LargeGemmGflops:F1}", $"{row.RatioToLargeGemm:P0}", $"{row.LayerGemmGflops:F1}", $"{row.RatioToLayerGemm:P0}");
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(spec.Label)}[/], preset lo17: batch {spec.Hyper.BatchSize}, {spec.Hyper.DSteps} D steps per G step");
            AnsiConsole.Write(table);

            if (parse.GetValue(leak))
            {
                TorchSharp.torch.set_num_threads(Environment.ProcessorCount);
                var check = TrainingBenchmark.CheckLeaks(spec, 1_000, 10_000, i => AnsiConsole.MarkupLine($"[grey]leak check: {i} iterations[/]"));
                AnsiConsole.MarkupLine($"RSS after {check.EarlyIteration}: {check.EarlyRssBytes / 1e6:F1} MB; after {check.LateIteration}: " +
                                       $"{check.LateRssBytes / 1e6:F1} MB; growth {check.GrowthMegabytes:F1} MB (target <= 50 MB)");
            }

            return ExitCodes.Ok;
        });

        return new Command("bench", "Benchmarks that print their figures.") { train };
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Sweep.Coordinator.Cli;
using Sweep.Bench;
using Sweep.Training.Specs;

namespace Sweep.Bench;

/// <summary>
/// <c>sweep-bench train</c>: a method's training iteration under a preset against this process's
/// GEMM peak and, with <c>--pytorch</c>, against the same iteration in plain PyTorch, the two run
/// alternately so that both see the same machine; and a leak check.
/// </summary>
internal static class BenchTrainCommand
{
    private sealed record Side(string Name, List<double> Milliseconds, List<double> LargeGemmGflops);

    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "Alternating GEMM/training rounds per process.", DefaultValueFactory = _ => 7 };
        var iterations = new Option<int>("--iterations") { Description = "Training iterations per round.", DefaultValueFactory = _ => 50 };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to time, each in a fresh process.", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var method = new Option<string>("--method") { Description = "Method to time.", DefaultValueFactory = _ => "gan" };
        var preset = new Option<string?>("--preset") { Description = "Preset (default: the method's paper's; lo17 for gan)." };
        var dataset = new Option<string>("--dataset") { Description = "Dataset.", DefaultValueFactory = _ => "ring" };
        var pytorch = new Option<string?>("--pytorch")
        {
            Description = "Also time the iteration in plain PyTorch with this Python (e.g. /usr/bin/python3), alternating processes.",
        };
        var pairs = new Option<int>("--pairs") { Description = "With --pytorch: Sweep/PyTorch process pairs per thread count.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print this process's rounds as JSON (one thread count).", Hidden = true };
        var leak = new Option<bool>("--leak-check") { Description = "Also run 10 000 iterations and compare resident memory after 1 000 and 10 000." };

        var command = new Command("train", "Time a method's training iteration (the LO17 ring iteration by default) against the GEMM peak and plain PyTorch.")
        {
            rounds, iterations, threads, method, preset, dataset, pytorch, pairs, json, leak,
        };
        command.SetAction(parse =>
        {
            var spec = TrainingBenchmark.Case(parse.GetValue(method)!, parse.GetValue(preset), parse.GetValue(dataset)!);
            var (counts, perProcess, timed) = (parse.GetValue(threads)!, parse.GetValue(rounds), parse.GetValue(iterations));
            if (parse.GetValue(json))
            {
                ThreadsOption.Apply(counts.Single());
                var results = TrainingBenchmark.Time(spec, perProcess, timed);
                Console.Out.WriteLine(JsonSerializer.Serialize(results));
                return ExitCodes.Ok;
            }

            var flops = TrainingBenchmark.FlopsPerIteration(spec);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(TrainingBenchmark.CaseName(spec))}[/] (batch {spec.Hyper.BatchSize}, {spec.Hyper.DSteps} D step(s) per G step); " +
                                   $"median [[min–max]] over rounds of {timed} iterations");
            foreach (var t in counts)
            {
                var sweep = new Side("Sweep", [], []);
                var peer = parse.GetValue(pytorch) is null ? null : new Side("PyTorch", [], []);
                string? torchInfo = null;
                for (var pair = 0; pair < (peer is null ? 1 : parse.GetValue(pairs)); pair++)
                {
                    // torch's OpenMP pool does not reliably resize within a process: a fresh one per thread count and pair.
                    var rounds = TimeSweep(spec, t, perProcess, timed);
                    sweep.Milliseconds.AddRange(rounds.Select(r => r.MillisecondsPerIteration));
                    sweep.LargeGemmGflops.AddRange(rounds.Select(r => r.LargeGemmGflops));
                    if (peer is null) continue;
                    var reference = PyTorchPeer.Run(parse.GetValue(pytorch)!, TrainingBenchmark.CaseName(spec), t, perProcess, timed);
                    peer.Milliseconds.AddRange(reference.MillisecondsPerIteration);
                    peer.LargeGemmGflops.AddRange(reference.LargeGemmGflops);
                    torchInfo = $"PyTorch {reference.Torch} ({reference.Blas})";
                }

                Report(t, flops, sweep, peer, torchInfo);
            }

            if (parse.GetValue(leak))
            {
                var check = TrainingBenchmark.CheckLeaks(spec, 1_000, 10_000, i => AnsiConsole.MarkupLine($"[grey]leak check: {i} iterations[/]"));
                AnsiConsole.MarkupLine($"leak check: RSS after {check.EarlyIteration} iterations {check.EarlyRssBytes / 1e6:F1} MB, after " +
                                       $"{check.LateIteration} {check.LateRssBytes / 1e6:F1} MB: growth {check.GrowthMegabytes:F1} MB (target <= 50 MB)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<TrainingBenchmark.Round> TimeSweep(TrialSpec spec, int threads, int rounds, int iterations)
    {
        var (code, stdout) = BenchCommand.RunSelf(["train", "--json", "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--rounds", rounds.ToString(CultureInfo.InvariantCulture), "--iterations", iterations.ToString(CultureInfo.InvariantCulture),
            "--method", AxisNames.Of(spec.Method), "--preset", spec.Preset, "--dataset", AxisNames.Of(spec.Dataset)], captureOutput: true);
        if (code != 0) throw new InvalidOperationException($"the benchmark's child process failed (exit {code})");
        return JsonSerializer.Deserialize<List<TrainingBenchmark.Round>>(stdout.Trim().Split('\n')[^1])!;
    }

    private static void Report(int threads, double flops, Side sweep, Side? peer, string? torchInfo)
    {
        static string Range(IReadOnlyList<double> values, string format) =>
            Markup.Escape($"{TrainingBenchmark.Median(values).ToString(format, CultureInfo.InvariantCulture)} " +
                          $"[{values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)}]");
        static List<double> Gflops(Side side, double flops) => side.Milliseconds.Select(ms => flops / ms / 1e6).ToList();
        static List<double> Ratio(Side side, double flops) => side.Milliseconds.Zip(side.LargeGemmGflops, (ms, gemm) => flops / ms / 1e6 / gemm).ToList();

        var table = new Table().AddColumns($"{threads} thread(s)", sweep.Name);
        if (peer is not null) table.AddColumn($"{peer.Name}{(torchInfo is null ? "" : $" ({Markup.Escape(torchInfo)})")}");
        void Row(string measure, Func<Side, string> cell) => table.AddRow(peer is null ? [measure, cell(sweep)] : [measure, cell(sweep), cell(peer)]);
        Row("ms / iteration", s => Range(s.Milliseconds, "F2"));
        Row("achieved GFLOP/s", s => Range(Gflops(s, flops), "F1"));
        Row("GEMM 1024³ GFLOP/s (its own process)", s => Range(s.LargeGemmGflops, "F1"));
        Row("ratio to that GEMM", s => Range(Ratio(s, flops), "P0"));
        AnsiConsole.Write(table);
        if (peer is null) return;
        var (ours, theirs) = (TrainingBenchmark.Median(sweep.Milliseconds), TrainingBenchmark.Median(peer.Milliseconds));
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{threads} thread(s): Sweep {ours:F2} ms, PyTorch {theirs:F2} ms per iteration: Sweep at {theirs / ours:F2}x PyTorch's speed, " +
            $"{TrainingBenchmark.Median(Ratio(sweep, flops)):P0} of its GEMM (PyTorch {TrainingBenchmark.Median(Ratio(peer, flops)):P0} of its own)"));
    }
}

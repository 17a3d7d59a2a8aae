using System.CommandLine;
using Serilog;
using Spectre.Console;
using Sweep.Cluster.Hosting;
using Sweep.Training.Data.Images;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep trial</c>: run one trial on CPU and print its result.</summary>
public static class TrialCommand
{
    public static Command Create()
    {
        var trial = new TrialOptions();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (no progress bar)." };
        var threads = ThreadsOption.Create();
        var dataDir = DataDirOption.Create();
        var device = SlotOptions.Device();
        var keepDenormals = KeepDenormalsOption.Create();
        var command = new Command("trial", "Run one trial and print its result.") { json, threads, dataDir, device, keepDenormals };
        foreach (var option in trial.All) command.Add(option);

        command.SetAction(async (parse, cancellation) =>
        {
            var spec = trial.Resolve(parse);
            var onDevice = SlotOptions.Devices(parse.GetValue(device), slots: 1)[0];
            var locations = DataDirOption.Resolve(parse, dataDir);
            DataDirOption.CheckAvailable([spec], locations);
            MemoryCheck.RequireFits([spec], "sweep trial");
            ThreadsOption.Apply(parse.GetValue(threads));
            var asJson = parse.GetValue(json);
            var result = await RunAsync(spec, locations, onDevice, !parse.GetValue(keepDenormals), interactive: !asJson && ConsoleIsInteractive(), cancellation);
            Print(spec, result, asJson);
            return result.Outcome switch
            {
                TrialOutcome.Completed => ExitCodes.Ok,
                TrialOutcome.Cancelled => ExitCodes.Interrupted,
                _ => ExitCodes.TrialFailed,
            };
        });
        return command;
    }

    private static bool ConsoleIsInteractive() =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static async Task<TrialResult> RunAsync(TrialSpec spec, DataLocations locations, string device, bool flushDenormals, bool interactive, CancellationToken cancellation)
    {
        Task<TrialResult> Start(IProgress<TrialProgress> progress) => Task.Factory.StartNew(
            // No trace: a lone trial's result is printed, not stored, so its pictures would go nowhere.
            () => TrialRunner.Run(spec, new TrialRunOptions { Progress = progress, ProgressEvery = Math.Max(1, spec.Iterations / 200), Data = locations, Trace = null, Device = device, FlushDenormals = flushDenormals }, cancellation),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        if (!interactive)
        {
            using var log = SweepLogging.CreateLogger();
            // About ten lines per trial: the first report past each tenth of the budget, and the last.
            var every = Math.Max(1, spec.Iterations / 10);
            var nextLine = every;
            log.Information("Trial {TrialId} {Label} starting: {Iterations} iterations, preset {Preset}", spec.TrialId, spec.Label, spec.Iterations, spec.Preset);
            return await Start(new SyncProgress<TrialProgress>(p =>
            {
                if (p.Iteration < nextLine && p.Iteration != p.Iterations) return;
                nextLine = p.Iteration + every;
                log.Information("Trial {TrialId} iteration {Iteration}/{Iterations} D loss {DLoss:F4} G loss {GLoss:F4}",
                        p.TrialId, p.Iteration, p.Iterations, p.DiscriminatorLoss, p.GeneratorLoss);
            }));
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(spec.Label), maxValue: spec.Iterations);
                var result = await Start(new SyncProgress<TrialProgress>(p =>
                {
                    bar.Value = p.Iteration;
                    bar.Description = Markup.Escape($"{spec.Label}  D {p.DiscriminatorLoss:F3}  G {p.GeneratorLoss:F3}");
                }));
                bar.StopTask();
                return result;
            });
    }

    private static void Print(TrialSpec spec, TrialResult result, bool asJson)
    {
        if (asJson)
        {
            Console.Out.WriteLine(TrialReport.From(spec, result).ToJson());
            return;
        }

        var table = new Table().AddColumns("", "").HideHeaders().Border(TableBorder.Rounded);
        table.AddRow("trial", $"{result.TrialId}  {Markup.Escape(spec.Label)}  (preset {spec.Preset})");
        table.AddRow("status", result.Outcome.ToString());
        if (result.Metrics is { } m)
        {
            var rule = m.ShellModes is null ? "" : " (VEEGAN's rule)";
            if (m.Modes is not null) table.AddRow("modes" + rule, $"{m.Modes} / {m.MaxModes}");
            if (m.HighQuality is not null) table.AddRow("high quality" + rule, $"{m.HighQuality:P1}");
            if (m.ShellModes is not null) table.AddRow("modes (shell rule)", $"{m.ShellModes} / {m.MaxModes}");
            if (m.ShellHighQuality is not null) table.AddRow("high quality (shell rule)", $"{m.ShellHighQuality:P1}");
            if (m.Kl is not null) table.AddRow("KL(p_gen ‖ uniform)", $"{m.Kl:F3}");
            if (m.IvomMean is not null) table.AddRow("IvOM", $"{m.IvomMean:F4} ± {m.IvomStd:F4}");
        }

        if (result.Categories is { } c) table.AddRow("categories (c)", c.ToString());
        if (result.Failure is { } f) table.AddRow("failure", Markup.Escape(f.Reason));
        table.AddRow("iterations", $"{result.Iterations} in {result.Seconds:F1} s on {result.Device}");
        AnsiConsole.Write(table);
        if (result.Outcome == TrialOutcome.Cancelled)
            AnsiConsole.MarkupLine("[yellow]Interrupted.[/] A single trial is not resumable; use a sweep for that.");
    }
}

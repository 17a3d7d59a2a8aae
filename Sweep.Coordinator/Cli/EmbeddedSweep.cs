using Serilog;
using Spectre.Console;
using Sweep.Coordinator.Coordination;
using Sweep.Coordinator.Embedded;
using Sweep.Coordinator.Reports;
using Sweep.Coordinator.Store;

namespace Sweep.Coordinator.Cli;

/// <summary>What <c>sweep run</c> and <c>sweep resume</c> share: run in-process, show it, sum it up.</summary>
public static class EmbeddedSweep
{
    public sealed record Request(SweepStore Store, string Name, string Yaml, string Source, bool Extend, int Slots, int ThreadsPerTrial, string ResumeHint);

    public static async Task<int> RunAsync(Request request, CancellationToken cancellation)
    {
        ThreadsOption.Apply(request.ThreadsPerTrial);
        using var log = SweepLogging.CreateLogger();
        Log.Logger = log;   // Akka's own log lines go through the static logger
        var options = new EmbeddedOptions { Slots = request.Slots };
        var submit = new SubmitSweep(request.Yaml, request.Source, request.Extend);

        log.Information("Running on {Slots} slot(s) x {Threads} torch thread(s); database {Database}", request.Slots, request.ThreadsPerTrial, request.Store.Path);
        var outcome = Interactive()
            ? await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .HideCompleted(true)
                .StartAsync(context => SweepRun.RunAsync(request.Store, options, submit, new SweepLiveView(context), cancellation))
            : await SweepRun.RunAsync(request.Store, options, submit, new SweepLogView(log), cancellation);

        switch (outcome.End)
        {
            case RunEnd.Refused:
                throw new UsageException(outcome.Message!);
            case RunEnd.Faulted:
                Console.Error.WriteLine($"sweep: scheduling stopped: {outcome.Message}. Completed results are stored; run the sweep again to resume.");
                return ExitCodes.TrialFailed;
            case RunEnd.Interrupted:
                Console.Error.WriteLine($"sweep: interrupted; {outcome.Interrupted} running trial(s) checkpointed, completed results are stored." +
                                        (outcome.Message is null ? "" : $" Note: {outcome.Message}."));
                Console.Error.WriteLine($"Resume with: {request.ResumeHint}");
                return ExitCodes.Interrupted;
        }

        var report = SweepReports.Load(request.Store, request.Name)!;
        PrintSummary(report, request.Store.Path);
        return report.Trials.All(t => t.State == TrialState.Completed) ? ExitCodes.Ok : ExitCodes.TrialFailed;
    }

    private static bool Interactive() => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static void PrintSummary(SweepReport report, string database)
    {
        var pivot = Aggregation.Pivot(report.Groups);
        AnsiConsole.WriteLine($"{report.Sweep.Name}: modes / high quality % (mean ± std over seeds)");
        var table = new Table();
        table.AddColumn("method/init/noise");
        foreach (var dataset in pivot.Datasets) table.AddColumn(new TableColumn(Markup.Escape(dataset)).RightAligned());
        foreach (var row in pivot.Rows)
            table.AddRow([Markup.Escape(row), .. pivot.Datasets.Select(d => Markup.Escape(Cells.PaperCell(pivot.Cell(row, d))))]);
        AnsiConsole.Write(table);

        var counts = report.Trials.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        AnsiConsole.WriteLine($"{report.Trials.Count} trials: {string.Join(", ", counts)}.");
        foreach (var failed in report.Trials.Where(t => t.State is TrialState.Failed or TrialState.Abandoned))
            AnsiConsole.WriteLine($"  {failed.Id} {failed.State.ToString().ToLowerInvariant()}: {failed.Error}");
        AnsiConsole.WriteLine($"Export: sweep export {report.Sweep.Name} --format md|csv|latex|json --db {database}");
    }
}

using Serilog;
using Spectre.Console;
using Sweep.Orchestration.Embedded;
using Sweep.Reporting;
using Sweep.Store;

namespace Sweep.Coordinator.Cli;

/// <summary>How a followed sweep looks on the console, embedded or on a cluster: live bars or log lines, then the table and the exit code.</summary>
public static class SweepConsole
{
    public static Task<RunOutcome> ShowAsync(ILogger log, Func<ISweepView, Task<RunOutcome>> run) =>
        Interactive()
            ? AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .HideCompleted(true)
                .StartAsync(context => run(new SweepLiveView(context)))
            : run(new SweepLogView(log));

    /// <param name="resumeHint">The command that resumes (or follows again) this sweep.</param>
    /// <param name="exportHint">The command that exports its results.</param>
    /// <param name="reportHint">The command that draws its report.</param>
    public static int Conclude(RunOutcome outcome, string resumeHint, string exportHint, string reportHint)
    {
        switch (outcome.End)
        {
            case RunEnd.Refused:
                throw new UsageException(outcome.Message!);
            case RunEnd.Faulted:
                Console.Error.WriteLine($"sweep: scheduling stopped: {outcome.Message?.TrimEnd('.')}. Completed results are stored; run the sweep again to resume.");
                return ExitCodes.TrialFailed;
            case RunEnd.Interrupted:
                Console.Error.WriteLine($"sweep: interrupted; {outcome.Interrupted} running trial(s) checkpointed, completed results are stored." +
                                        (outcome.Message is null ? "" : $" Note: {outcome.Message}."));
                Console.Error.WriteLine($"Resume with: {resumeHint}");
                return ExitCodes.Interrupted;
            case RunEnd.Detached:
                Console.Error.WriteLine("sweep: stopped following; the sweep runs on in the cluster.");
                Console.Error.WriteLine($"Follow it again with: {resumeHint}");
                return ExitCodes.Interrupted;
        }

        var summary = outcome.Summary!;
        PrintSummary(summary);
        AnsiConsole.WriteLine($"Export: {exportHint}");
        AnsiConsole.WriteLine($"Report: {reportHint}");
        return summary.AllCompleted ? ExitCodes.Ok : ExitCodes.TrialFailed;
    }

    private static bool Interactive() => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static void PrintSummary(SweepSummary summary)
    {
        AnsiConsole.WriteLine($"{summary.Name}: {Cells.PaperTableTitle}; mean ± std over seeds");
        var table = new Table();
        table.AddColumn("method/init/noise");
        foreach (var column in summary.Columns) table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        foreach (var row in summary.Rows) table.AddRow([Markup.Escape(row.Label), .. row.Cells.Select(Markup.Escape)]);
        AnsiConsole.Write(table);

        var counts = summary.Counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}");
        AnsiConsole.WriteLine($"{summary.Total} trials: {string.Join(", ", counts)}.");
        foreach (var failure in summary.Failures) AnsiConsole.WriteLine($"  {failure}");
        var unlisted = summary.Counts.GetValueOrDefault(TrialState.Failed) + summary.Counts.GetValueOrDefault(TrialState.Abandoned) - summary.Failures.Count;
        if (unlisted > 0) AnsiConsole.WriteLine($"  ... and {unlisted} more failures (see the export).");
    }
}

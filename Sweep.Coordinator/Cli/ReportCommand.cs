using System.CommandLine;
using System.Diagnostics;
using Sweep.Coordinator.Pictures;
using Sweep.Coordinator.Reports;
using Sweep.Coordinator.Store;
using Sweep.Training.Tracing;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep report NAME [--out DIR]</c>: a folder with one HTML page and its pictures.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name (its sweep file's 'name')." };
        var output = new Option<string?>("--out") { Description = "The report's folder (default: ./NAME-report); an earlier report there is replaced." };
        var database = DatabaseOption.Create();
        var command = new Command("report", "Write a sweep's report: spec, tables, charts with 95% CIs, per-seed plots and LO17 Figure 1 galleries, as one HTML page.")
        {
            name, output, database,
        };

        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            using var store = DatabaseOption.OpenExisting(parse.GetValue(database)!);
            var report = SweepNames.Require(store, parse.GetValue(name)!);
            var folder = parse.GetValue(output) ?? $"{report.Sweep.Name}-report";
            ReportFolder.CheckReplaceable(folder);

            var (traces, problems) = LoadTraces(store, report);
            var pictures = 0;
            ReportFolder.Replace(folder, staging =>
            {
                var drawn = ReportPictures.Render(report, traces, staging);
                pictures = drawn.Count;
                File.WriteAllText(Path.Combine(staging, ReportFolder.Page), HtmlReport.Render(report, drawn, problems));
            });

            foreach (var problem in problems) Console.Error.WriteLine($"sweep: {problem}");
            Console.WriteLine($"{Path.Combine(folder, ReportFolder.Page)}: {report.Trials.Count} trials, {pictures} pictures, in {clock.Elapsed.TotalSeconds:F1} s");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The stored traces of the sweep's trials, and a line for each trial that should have one and has not.</summary>
    /// <remarks>Read here, on one thread: the store is single-threaded; only the drawing runs in parallel.</remarks>
    private static (Dictionary<string, TrialTrace> Traces, List<string> Problems) LoadTraces(SweepStore store, SweepReport report)
    {
        var traces = new Dictionary<string, TrialTrace>();
        var missing = new List<TrialRecord>();
        var problems = new List<string>();
        foreach (var trial in report.Trials)
        {
            try
            {
                if (StoredTraces.Find(store, trial) is { } trace) traces[trial.Id] = trace;
                else if (trial.State is TrialState.Completed or TrialState.Failed) missing.Add(trial);
            }
            catch (InvalidDataException e)
            {
                problems.Add($"trial {trial.Id}: its stored snapshots cannot be read ({e.Message}); the report shows its numbers only.");
            }
        }

        if (missing.Count > 0)
            problems.Add($"{missing.Count} finished trial(s) have no snapshots (run by a version of Sweep that recorded none): " +
                         $"{string.Join(", ", missing.Take(10).Select(t => t.Id))}{(missing.Count > 10 ? ", ..." : "")}. Their numbers are in the tables; their pictures are not.");
        return (traces, problems);
    }
}

using System.Diagnostics;
using Sweep.Reporting.Pictures;
using Sweep.Store;
using Sweep.Training.Tracing;

namespace Sweep.Reporting.Html;

/// <summary>What <see cref="ReportWriter.Write"/> wrote, and what it found missing.</summary>
public sealed record WrittenReport(string Page, int Trials, int Pictures, IReadOnlyList<string> Problems, TimeSpan Elapsed);

/// <summary>
/// Writes a sweep's report folder: reads the trials' traces (on this thread: a
/// store is single-threaded), draws every picture in parallel, then writes the page; the folder
/// takes its place only once whole.
/// </summary>
public static class ReportWriter
{
    /// <exception cref="ReportException">The folder exists and is not a Sweep report.</exception>
    public static WrittenReport Write(SweepStore store, SweepReport report, string folder) =>
        Write(report, trial => StoredTraces.Find(store, trial), folder);

    /// <param name="traceOf">A trial's trace (from a store, or a live coordinator's HTTP API), null when it has none.</param>
    /// <exception cref="ReportException">The folder exists and is not a Sweep report.</exception>
    public static WrittenReport Write(SweepReport report, Func<TrialRecord, TrialTrace?> traceOf, string folder)
    {
        var clock = Stopwatch.StartNew();
        ReportFolder.CheckReplaceable(folder);
        var (traces, problems) = LoadTraces(traceOf, report);
        var pictures = 0;
        ReportFolder.Replace(folder, staging =>
        {
            var drawn = ReportPictures.Render(report, traces, staging);
            pictures = drawn.Count;
            File.WriteAllText(Path.Combine(staging, ReportFolder.Page), HtmlReport.Render(report, drawn, problems));
        });
        return new WrittenReport(Path.Combine(folder, ReportFolder.Page), report.Trials.Count, pictures, problems, clock.Elapsed);
    }

    /// <summary>The stored traces of the sweep's trials, and a line for each trial that should have one and has not.</summary>
    private static (Dictionary<string, TrialTrace> Traces, List<string> Problems) LoadTraces(Func<TrialRecord, TrialTrace?> traceOf, SweepReport report)
    {
        var traces = new Dictionary<string, TrialTrace>();
        var missing = new List<TrialRecord>();
        var problems = new List<string>();
        foreach (var trial in report.Trials)
        {
            try
            {
                if (traceOf(trial) is { } trace) traces[trial.Id] = trace;
                else if (trial.State is TrialState.Completed or TrialState.Failed) missing.Add(trial);
            }
            catch (InvalidDataException e)
            {
                problems.Add($"trial {trial.Id}: its stored snapshots cannot be read ({e.Message}); the report shows its numbers only.");
            }
        }

        if (missing.Count > 0)
            problems.Add($"{missing.Count} finished trial(s) have no snapshots ({StoredTraces.WhyNone(missing)}): " +
                         $"{string.Join(", ", missing.Take(10).Select(t => t.Id))}{(missing.Count > 10 ? ", ..." : "")}. Their numbers are in the tables; their pictures are not.");
        return (traces, problems);
    }
}

using System.Diagnostics;
using Sweep.Reporting.Html;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Orchestration.Sweeps;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;

namespace Sweep.Bench;

/// <summary>
/// <c>sweep-bench report</c>: the report of a ring sweep of LO17's four variants over many seeds,
/// timed as the command writes it (store to folder). One real trial per variant is trained for its
/// trace; the variant's other seeds reuse that trace — drawing costs the same whatever the numbers —
/// and vary their metrics by seed. The baseline is one bare ScottPlot PNG of a panel's size, timed
/// in the same process, so the figure reads as "pictures' worth of work".
/// </summary>
public static class ReportBenchmark
{
    public sealed record Result(int Trials, int Pictures, double ColdSeconds, double WarmSeconds, double BarePngMilliseconds)
    {
        /// <summary>The report's time in bare PNGs per picture drawn: the cost of content, layout and I/O over an empty plot.</summary>
        public double BarePngsPerPicture => WarmSeconds * 1000 / BarePngMilliseconds / Pictures;
    }

    public static Result Run(int seeds, Action<string> log)
    {
        using var folder = new TempFolder();
        var yaml = $"""
            name: report-bench
            grid:
              dataset: ring
              method: gan
              init: [normal, covering]
              noise: [unimodal, multimodal]
              seed: {seeds}
            preset: lo17
            iterations: 300
            set:
              categories: 8
            """;
        var specs = SweepGrid.Expand(SweepFileReader.Read(yaml, "report-bench.yaml"));
        log($"training one trial per variant for its trace ({specs.Count} trials in the sweep)");
        var variants = specs.GroupBy(s => (s.Init, s.Noise))
            .ToDictionary(g => g.Key, g => TrialRunner.Run(g.First(), new TrialRunOptions(), CancellationToken.None));

        var database = Path.Combine(folder.Path, "bench.db");
        using (var store = SweepStore.Open(database))
        {
            var records = specs.Select(spec => Completed(spec, variants[(spec.Init, spec.Noise)].Metrics!)).ToList();
            store.SaveSweep(new SweepRecord { Name = "report-bench", Fingerprint = SweepGrid.Fingerprint(specs), Definition = yaml, TrialIds = records.Select(r => r.Id).ToList(), CreatedUtc = DateTime.UtcNow }, records);
            store.Save(records, specs.ToDictionary(s => s.TrialId, s => TraceFormat.Write(variants[(s.Init, s.Noise)].Trace!)));
        }

        var cold = Time(database, Path.Combine(folder.Path, "report"));
        var warm = Time(database, Path.Combine(folder.Path, "report"));
        return new Result(specs.Count, warm.Pictures, cold.Elapsed.TotalSeconds, warm.Elapsed.TotalSeconds, BarePngMilliseconds());
    }

    private static WrittenReport Time(string database, string folder)
    {
        var clock = Stopwatch.StartNew();
        using var store = SweepStore.Open(database);
        var written = ReportWriter.Write(store, SweepReports.Load(store, "report-bench")!, folder);
        return written with { Elapsed = clock.Elapsed };
    }

    private static TrialRecord Completed(TrialSpec spec, TrialMetrics metrics) => new()
    {
        Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Attempt = 1, Iteration = spec.Iterations,
        Modes = Math.Clamp(metrics.Modes!.Value + spec.Seed % 3 - 1, 0, 8), MaxModes = 8,
        HighQuality = metrics.HighQuality * (0.9 + 0.02 * (spec.Seed % 10)),
    };

    private static double BarePngMilliseconds()
    {
        const int rounds = 20;
        ScottPlot.Plot Bare() => new();
        Bare().GetImageBytes(340, 340);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++) Bare().GetImageBytes(340, 340);
        return clock.Elapsed.TotalMilliseconds / rounds;
    }
}

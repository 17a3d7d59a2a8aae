using System.Collections.Concurrent;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;

namespace Sweep.Reporting.Pictures;

/// <summary>A picture file of a report, by its path relative to the page.</summary>
public sealed record PictureFile(string Path, string Caption);

/// <summary>
/// Every picture of a sweep's report, drawn in parallel into the report's <c>img</c> folder: each
/// traced trial's pictures, per dataset a bar chart and a strip plot for every metric it has, and
/// each LO17 Figure 1 row as one picture.
/// </summary>
public sealed class ReportPictures
{
    public const string Folder = "img";

    /// <summary>
    /// A metric the charts can show: how to read it from a group, from a trial and from a point of a
    /// trial's score curve, in display units, and its name in the papers' tables (whose units are the same).
    /// </summary>
    private sealed record Metric(
        string Key, string Label, Func<GroupSummary, MetricSummary?> Summary, Func<TrialRecord, double?> Value, Func<TrialMetrics, double?> Point, string PaperMetric);

    private static readonly Metric[] Metrics =
    [
        new("modes", "modes captured", g => g.Modes, t => t.Modes, m => m.Modes, "modes"),
        new("hq", "high quality %", g => g.HighQuality?.Scaled(100), t => t.HighQuality * 100, m => m.HighQuality * 100, "high_quality"),
        new("kl", "KL(p_gen ‖ uniform)", g => g.Kl, t => t.Kl, m => m.Kl, "kl"),
        new("ivom", "IvOM error", g => g.Ivom, t => t.IvomMean, m => m.IvomMean, "ivom"),
    ];

    /// <summary>Every published number Sweep ships, with its table.</summary>
    private static readonly Lazy<IReadOnlyList<(PaperTable Table, PaperCell Cell)>> Published = new(() =>
        PaperTable.Names.Select(name => PaperTable.Find(name)!).SelectMany(table => table.Cells.Select(cell => (table, cell))).ToList());

    private ReportPictures(
        IReadOnlyDictionary<string, IReadOnlyList<PictureFile>> trials,
        IReadOnlyDictionary<string, IReadOnlyList<PictureFile>> charts,
        IReadOnlyDictionary<string, PictureFile> figures,
        IReadOnlyList<PictureFile> seeds)
    {
        Trials = trials;
        Charts = charts;
        Figures = figures;
        Seeds = seeds;
    }

    /// <summary>The robustness-to-seed pictures: a forest plot per comparison the report shows, then each dataset's performance profiles.</summary>
    public IReadOnlyList<PictureFile> Seeds { get; }

    /// <summary>Each traced trial's pictures by trial id: start, end, losses, scores (those it has).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PictureFile>> Trials { get; }

    /// <summary>Each dataset's charts: per metric, the bars, the strip plot, then the score curves during training where trials have them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PictureFile>> Charts { get; }

    /// <summary>LO17 Figure 1 rows as one picture each, by <see cref="Lo17Panels.Row.FileName"/>.</summary>
    public IReadOnlyDictionary<string, PictureFile> Figures { get; }

    public int Count => Trials.Values.Sum(p => p.Count) + Charts.Values.Sum(p => p.Count) + Figures.Count + Seeds.Count;

    /// <summary>A trial's picture by its suffix ("start", "end", ...); null when the trial has none.</summary>
    public PictureFile? Find(string trialId, string suffix) =>
        Trials.GetValueOrDefault(trialId)?.FirstOrDefault(p => p.Path.EndsWith($"-{suffix}.png", StringComparison.Ordinal));

    public static ReportPictures Render(SweepReport report, IReadOnlyDictionary<string, TrialTrace> traces, string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, Folder));
        var trials = new ConcurrentDictionary<string, IReadOnlyList<PictureFile>>();
        var charts = new ConcurrentDictionary<string, IReadOnlyList<PictureFile>>();
        var jobs = new List<Action>();

        var rows = TrialRows.Of(report).ToDictionary(r => r.Record.Id);
        foreach (var (trialId, trace) in traces)
            jobs.Add(() => trials[trialId] = TrialPictures.Render(TrialSpec.FromJson(rows[trialId].Record.Spec), trace)
                .Select(p => Save(folder, $"{trialId}-{p.Suffix}.png", p.Png, p.Caption)).ToList());

        // Within a method: normal/unimodal, then LO17's panels' order: covering/unimodal, normal/multimodal, covering/multimodal.
        foreach (var dataset in report.Groups.GroupBy(g => g.Dataset))
            jobs.Add(() => charts[dataset.Key] = RenderCharts(folder, dataset.Key,
                dataset.OrderBy(g => g.Method).ThenBy(g => Lo17Panels.Order(g.Init, g.Noise)).ToList(), rows, traces));

        var seeds = new List<PictureFile>();
        jobs.Add(() => seeds.AddRange(RenderSeedPictures(folder, report)));

        Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, [.. jobs]);

        // The figures place the panels drawn above, so they come second.
        var drawn = new ReportPictures(trials, charts, new Dictionary<string, PictureFile>(), seeds);
        var figures = new ConcurrentDictionary<string, PictureFile>();
        Parallel.ForEach(Lo17Panels.Rows(report).Where(r => r.Panels.Any(p => p.Trial is not null && drawn.Find(p.Trial.Id, p.Panel.PictureSuffix) is not null)), row =>
        {
            var panels = row.Panels.Select(p => (p.Panel.Title,
                p.Trial is not null && drawn.Find(p.Trial.Id, p.Panel.PictureSuffix) is { } file ? File.ReadAllBytes(Path.Combine(folder, file.Path)) : null)).ToList();
            figures[row.FileName] = Save(folder, row.FileName, Lo17Strip.Compose(panels), $"LO17 Figure 1, {row.Title}");
        });
        return new ReportPictures(trials, charts, figures, seeds);
    }

    private static IEnumerable<PictureFile> RenderSeedPictures(string folder, SweepReport report)
    {
        foreach (var comparison in report.Comparisons.Where(c => c.Pairs.Count > 0))
        {
            var key = $"{comparison.Axis.ToString().ToLowerInvariant()}-{comparison.Metric.Name()}";
            yield return Save(folder, $"forest-{key}.png", SeedPictures.Forest($"{report.Sweep.Name}: {comparison.Title}", comparison),
                $"Forest plot, {comparison.Title}: each matched pair's difference of means (X − Y) with its bootstrap 95% interval; green where Holm's p < 0.05");
        }

        foreach (var dataset in report.Groups.GroupBy(g => g.Dataset))
            foreach (var metric in SeedMetrics.ByOption.Values.Where(m => dataset.Any(g => g.SeedValues.GetValueOrDefault(m) is { Length: > 0 })))
                yield return Save(folder, $"profile-{dataset.Key}-{metric.Name()}.png",
                    SeedPictures.Profile($"{dataset.Key}: performance profile, {metric.Heading()}", metric, dataset.ToList()),
                    $"{dataset.Key}: share of each group's seeds reaching each {metric.Heading()} score (performance profile)");
    }

    private static List<PictureFile> RenderCharts(
        string folder, string dataset, IReadOnlyList<GroupSummary> groups, Dictionary<string, TrialRow> rows, IReadOnlyDictionary<string, TrialTrace> traces)
    {
        var files = new List<PictureFile>();
        foreach (var metric in Metrics.Where(m => groups.Any(g => m.Summary(g) is not null)))
        {
            var published = groups.ToDictionary(g => g, g => Published.Value.Where(p =>
                (p.Cell.Method, p.Cell.Dataset, p.Cell.Init, p.Cell.Noise, p.Cell.Metric) == (g.Method, dataset, g.Init, g.Noise, metric.PaperMetric)).ToList());
            var columns = groups.Select(g => new SweepCharts.Column(
                g.LabelAmong(groups), g.Init, g.Noise, metric.Summary(g),
                g.TrialIds.Select(id => rows[id]).Where(r => r.Record.State == TrialState.Completed && metric.Value(r.Record) is not null)
                    .Select(r => (r.Seed, metric.Value(r.Record)!.Value)).OrderBy(s => s.Seed).ToList(),
                published[g].Select(p => p.Cell.Value).Distinct().ToList())).ToList();
            var sources = published.Values.SelectMany(p => p).Select(p => p.Table.Title.Split(':')[0]).Distinct().ToList();
            files.Add(Save(folder, $"{dataset}-{metric.Key}-bars.png",
                SweepCharts.Bars($"{dataset}: {metric.Label}", $"{metric.Label}, mean and 95% CI", columns),
                $"{dataset}: {metric.Label} per group, mean over seeds with 95% confidence interval" +
                (sources.Count == 0 ? "" : $"; red diamonds: the value published for the same method, init and noise ({string.Join("; ", sources)}), whatever its budget")));
            files.Add(Save(folder, $"{dataset}-{metric.Key}-seeds.png",
                SweepCharts.Strip($"{dataset}: {metric.Label}, every seed", metric.Label, columns),
                $"{dataset}: {metric.Label} of every seed (dots) and their mean (bar)"));

            var lines = groups.Zip(columns).SelectMany(gc => gc.First.TrialIds.Where(traces.ContainsKey).Select(id =>
                new ScoreCurveCharts.Line(gc.Second.Label, rows[id].Seed,
                    traces[id].Evaluations.Where(e => metric.Point(e.Metrics) is not null).Select(e => (e.Iteration, metric.Point(e.Metrics)!.Value)).ToList(),
                    Failed: rows[id].Record.State == TrialState.Failed)))
                .Where(l => l.Points.Count > 1).ToList();
            if (lines.Count > 0)
                files.Add(Save(folder, $"{dataset}-{metric.Key}-curves.png",
                    ScoreCurveCharts.Render($"{dataset}: {metric.Label} during training", metric.Label, lines),
                    $"{dataset}: {metric.Label} at each evaluation during training, a line per seed with a stored curve ({lines.Count}): whether the final number was taken from a settled score" +
                    (lines.Any(l => l.Failed) ? "; dashed: a trial that failed, up to its last evaluation" : "")));
        }

        return files;
    }

    private static PictureFile Save(string folder, string name, byte[] png, string caption)
    {
        File.WriteAllBytes(Path.Combine(folder, Folder, name), png);
        return new PictureFile($"{Folder}/{name}", caption);
    }
}

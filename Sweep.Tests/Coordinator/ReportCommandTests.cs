using LiteDB;
using SkiaSharp;
using Sweep.Coordinator.Cli;
using Sweep.Reporting.Pictures;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary>
/// <c>sweep report</c> and <c>sweep plot</c> as a user runs them, on a real sweep run by the real
/// command; the report is opened in headless Chromium and checked as a reader would see it.
/// </summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class ReportCommandTests : IDisposable
{
    /// <summary>LO17 Figure 1's four variants on the ring, two seeds, a short budget.</summary>
    private const string SweepFile = """
        name: pictures
        grid:
          dataset: ring
          method: gan
          init: [normal, covering]
          noise: [unimodal, multimodal]
          seed: 2
        preset: lo17
        iterations: 40
        set:
          categories: 8
          covering_steps: 30
        """;

    private readonly TempDatabase _database = new();

    [Fact]
    public async Task The_report_loads_in_a_browser_with_every_picture_and_table_and_names_a_trial_that_lost_its_snapshots()
    {
        var file = Path.Combine(_database.Folder, "pictures.yaml");
        await File.WriteAllTextAsync(file, SweepFile);
        var folder = Path.Combine(_database.Folder, "report");
        Assert.Equal(ExitCodes.Ok, (await SweepProcess.RunAsync("run", file, "--db", _database.Path)).ExitCode);

        var report = await SweepProcess.RunAsync("report", "pictures", "--db", _database.Path, "--out", folder);

        Assert.True(report.ExitCode == ExitCodes.Ok, report.Stderr);
        Assert.Contains("8 trials, 46 pictures", report.Stdout);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var (page, errors) = await chromium.OpenAsync(new Uri(Path.Combine(folder, "index.html")).AbsoluteUri);
        Assert.Empty(errors);
        // Every picture arrived and decoded: 8 trials × 4, 2 metrics × (bars + seeds + curves), the six panels of 2 seeds, and the
        // seed pictures: a forest plot for init and for noise on each metric, a performance profile per metric.
        var images = await page.EvalOnSelectorAllAsync<int[]>("img", "images => images.map(i => i.complete ? i.naturalWidth : 0)");
        Assert.Equal(8 * 4 + 2 * 3 + 2 * 6 + 6, images.Length);
        // The curves draw each trial's scores during training from its trace: a line per trial.
        Assert.Equal(2, await page.Locator("figcaption", new() { HasText = "a line per seed with a stored curve (8)" }).CountAsync());
        Assert.All(images, width => Assert.True(width >= 300, $"an image did not load or is too small ({width} px)"));
        Assert.Equal(1 + 4, await page.Locator("#paper-table tr").CountAsync());
        Assert.Equal(1 + 4, await page.Locator("#groups tr").CountAsync());
        Assert.Equal(1 + 4 * 2, await page.Locator("#seed-statistics tr").CountAsync());
        Assert.Equal(["compare-init-modes", "compare-init-high_quality", "compare-noise-modes", "compare-noise-high_quality"],
            await page.Locator(".axis-comparison").EvaluateAllAsync<string[]>("sections => sections.map(s => s.id)"));
        Assert.Equal(1 + 2, await page.Locator("#compare-init-modes tr").CountAsync());
        Assert.Contains("name: pictures", await page.Locator("#spec").InnerTextAsync());
        // The papers' tables this grid covers in part: LO17's claims (covering + multimodal) and VEEGAN Table 1 (its GAN on the ring).
        Assert.Equal(2, await page.Locator(".comparison").CountAsync());
        Assert.Matches("^[0-3] of 3 cells agree", await page.Locator("#compare-lo17 .summary").InnerTextAsync());
        Assert.Matches("^[0-2] of 24 cells agree .*22 not run", await page.Locator("#compare-veegan-table1 .summary").InnerTextAsync());
        // LO17 Figure 1 as its caption lists it, a row per seed: (a) normal and (b) covering init before training, then the
        // trained (c) covering + unimodal, (d) normal + multimodal, (e) covering + multimodal, and Sweep's extra normal + unimodal.
        var rows = page.Locator(".lo17");
        Assert.Equal(2, await rows.CountAsync());
        var captions = await rows.First.Locator("figcaption").AllInnerTextsAsync();
        Assert.Equal(["(a) normal init, before training", "(b) covering init, before training", "(c) covering init + unimodal noise",
            "(d) normal init + multimodal noise", "(e) covering init + multimodal noise", "(+) normal init + unimodal noise (not in LO17)"], captions);
        var sources = await rows.First.Locator("img").EvaluateAllAsync<string[]>("images => images.map(i => i.getAttribute('src'))");
        Assert.All(sources[..2], s => Assert.EndsWith("-start.png", s));
        Assert.All(sources[2..], s => Assert.EndsWith("-end.png", s));
        // (a) and the extra panel show one trial (normal + unimodal), as (b) and (e) do (covering + multimodal).
        Assert.Equal((Trial(sources[0]), Trial(sources[1])), (Trial(sources[5]), Trial(sources[4])));
        Assert.Equal(0, await page.Locator("#problems").CountAsync());
        // Each row is also one picture for a paper: six panels under their letters.
        var figure = await rows.First.Locator("h3 a").GetAttributeAsync("href");
        using (var strip = SKBitmap.Decode(Path.Combine(folder, figure!)))
            Assert.Equal((6 * PictureStyle.PanelSize, PictureStyle.PanelSize + Lo17Strip.Band), (strip.Width, strip.Height));

        // A trial run by a version that kept no snapshots: the report says so and renders the rest.
        var bare = Trial(sources[2]);
        using (var db = new LiteDatabase(_database.Path)) db.GetCollection("traces").Delete(bare);
        var again = await SweepProcess.RunAsync("report", "pictures", "--db", _database.Path, "--out", folder);

        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Contains($"have no snapshots (run by a version of Sweep that recorded none): {bare}", again.Stderr);
        (page, errors) = await chromium.OpenAsync(new Uri(Path.Combine(folder, "index.html")).AbsoluteUri);
        Assert.Empty(errors);
        Assert.Contains(bare, await page.Locator("#problems").InnerTextAsync());
        Assert.Contains("no snapshots", await page.Locator($"#trial-{bare} .missing").InnerTextAsync());
        Assert.Equal(8 * 4 + 2 * 3 + 2 * 6 + 6 - 4 - 1, await page.Locator("img").CountAsync());
        Assert.Equal(2, await page.Locator("figcaption", new() { HasText = "a line per seed with a stored curve (7)" }).CountAsync());

        var plotted = await SweepProcess.RunAsync("plot", bare, "--db", _database.Path, "--out", _database.Folder);
        Assert.Equal(ExitCodes.BadInput, plotted.ExitCode);
        Assert.Contains($"trial {bare} (completed) has no snapshots", plotted.Stderr);
    }

    /// <summary>The trial id a picture belongs to ("img/0123abcd…-end.png").</summary>
    private static string Trial(string source) => Path.GetFileName(source).Split('-')[0];

    [Fact]
    public async Task Plot_writes_a_trials_pictures_and_bad_names_and_folders_are_refused_leaving_everything_as_it_was()
    {
        var file = Path.Combine(_database.Folder, "pictures.yaml");
        await File.WriteAllTextAsync(file, SweepFile.Replace("seed: 2", "seed: 1").Replace("init: [normal, covering]", "init: covering"));
        Assert.Equal(ExitCodes.Ok, (await SweepProcess.RunAsync("run", file, "--db", _database.Path)).ExitCode);
        string trialId;
        using (var db = new LiteDatabase(_database.Path)) trialId = db.GetCollection("trials").FindAll().First()["_id"].AsString;

        var plot = await SweepProcess.RunAsync("plot", trialId[..6], "--db", _database.Path, "--out", _database.Folder);

        Assert.True(plot.ExitCode == ExitCodes.Ok, plot.Stderr);
        foreach (var suffix in new[] { "start", "end", "losses", "scores" })
        {
            using var picture = SKBitmap.Decode(Path.Combine(_database.Folder, $"{trialId}-{suffix}.png"));
            Assert.True(picture.Width >= 300 && picture.Pixels.Distinct().Count() > 20, $"{suffix}: a real picture");
        }

        var unknownTrial = await SweepProcess.RunAsync("plot", "ffffffffff", "--db", _database.Path);
        var unknownSweep = await SweepProcess.RunAsync("report", "pictres", "--db", _database.Path);
        var notAReport = Directory.CreateDirectory(Path.Combine(_database.Folder, "mine"));
        await File.WriteAllTextAsync(Path.Combine(notAReport.FullName, "notes.txt"), "keep me");
        var overMine = await SweepProcess.RunAsync("report", "pictures", "--db", _database.Path, "--out", notAReport.FullName);

        Assert.Equal(ExitCodes.BadInput, unknownTrial.ExitCode);
        Assert.Contains("no trial 'ffffffffff'", unknownTrial.Stderr);
        Assert.Equal(ExitCodes.BadInput, unknownSweep.ExitCode);
        Assert.Contains("did you mean 'pictures'?", unknownSweep.Stderr);
        Assert.Equal(ExitCodes.BadInput, overMine.ExitCode);
        Assert.Contains("is not a Sweep report; nothing was written", overMine.Stderr);
        Assert.Equal(["notes.txt"], notAReport.GetFiles().Select(f => f.Name));
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(notAReport.FullName, "notes.txt")));
    }

    public void Dispose() => _database.Dispose();
}

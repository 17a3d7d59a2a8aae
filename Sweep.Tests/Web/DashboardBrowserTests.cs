using System.Diagnostics;
using System.Text.Json.Nodes;
using Sweep.Coordinator.Cli;
using Sweep.Tests.Support;

namespace Sweep.Tests.Web;

/// <summary>
/// The dashboard of a real <c>sweep run</c> (a child process, real training), in headless Chromium
/// as a reader sees it, and the read commands pointed at the live process while it holds the database.
/// </summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class DashboardBrowserTests : IDisposable
{
    /// <summary>Four ring trials one after another, each a few seconds: time to watch one finish.</summary>
    private const string SweepFile = """
        name: live
        grid:
          dataset: ring
          method: gan
          seed: 4
        preset: lo17
        iterations: 600
        """;

    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_trial_that_finishes_appears_without_a_reload_and_its_pictures_decode_and_the_read_commands_use_the_live_server()
    {
        var file = Path.Combine(_database.Folder, "live.yaml");
        await File.WriteAllTextAsync(file, SweepFile);
        using var run = SweepProcess.Start("run", file, "--db", _database.Path, "--slots", "1");
        try
        {
            await WatchAsync(run, Drain(run));
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);   // a failed check must not leave it training beside the next test
        }
    }

    private async Task WatchAsync(Process run, Task<int> exited)
    {
        var url = await ServedUrl(run);

        await SweepServedAsync(url, run);   // the server comes up before the sweep is admitted and read
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var (page, errors) = await chromium.OpenAsync(new Uri(url, "sweeps/live").AbsoluteUri);
        var completedAtLoad = Completed(await page.Locator("#counts").InnerTextAsync());
        Assert.True(completedAtLoad < 4, "the sweep finished before the page opened; lengthen its trials");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await page.WaitForFunctionAsync($"() => document.getElementById('connection').textContent === 'live'");

        // A trial finishes: its count, its row in "Finished last" and the tables change in place.
        await page.WaitForFunctionAsync($"() => /{completedAtLoad + 1} completed/.test(document.getElementById('counts').textContent)",
            null, new() { Timeout = 120_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
        Assert.True(await page.Locator("#recent tr").CountAsync() >= 2);
        Assert.Contains("gan/normal/unimodal", await page.Locator("#paper-table").InnerTextAsync());
        Assert.Empty(errors);

        // The finished trial's own page: its snapshots and curves, every one decoded.
        var finished = await page.Locator("#recent a").First.GetAttributeAsync("href");
        var (trialPage, trialErrors) = await chromium.OpenAsync(new Uri(url, finished!).AbsoluteUri);
        var widths = await trialPage.EvalOnSelectorAllAsync<int[]>("#pictures img", "images => Promise.all(images.map(i => i.decode().then(() => i.naturalWidth, () => 0)))");
        Assert.Equal(4, widths.Length);   // the snapshots at start and end (its LO17 panels), the losses, the scores during training
        Assert.All(widths, width => Assert.True(width >= 300, $"a picture did not decode ({width} px)"));
        var (overview, overviewErrors) = await chromium.OpenAsync(url.AbsoluteUri);
        Assert.Contains("live", await overview.Locator("#sweeps").InnerTextAsync());
        Assert.Empty(trialErrors);
        Assert.Empty(overviewErrors);
        foreach (var open in new[] { page, trialPage, overview }) await open.CloseAsync();

        // The database is held: the read commands say so and read the live server instead, as --server does.
        var held = await SweepProcess.RunAsync("export", "live", "--format", "json", "--db", _database.Path);
        Assert.True(held.ExitCode == ExitCodes.Ok, held.Stderr);
        Assert.Contains($"is held by a running Sweep process; reading from its server at {url}", held.Stderr);
        var exported = JsonNode.Parse(held.Stdout)!["trials"]!.AsArray();
        Assert.Equal(4, exported.Count);
        // The server's JSON carries each finished trial's score curve from its stored trace, from iteration 0 on.
        Assert.Contains(exported, t => (string)t!["state"]! == "completed" && t["scores"] is JsonArray { Count: > 1 } curve && (int)curve[0]!["iteration"]! == 0);
        var status = await SweepProcess.RunAsync("status", "--server", url.AbsoluteUri);
        Assert.True(status.ExitCode == ExitCodes.Ok, status.Stderr);
        Assert.Contains("live", status.Stdout);

        Assert.Equal(ExitCodes.Ok, await exited.WaitAsync(TimeSpan.FromMinutes(5)));
        Assert.False(File.Exists(ServerMarker.PathFor(_database.Path)));   // gone with the process that served
        var after = await SweepProcess.RunAsync("export", "live", "--format", "csv", "--db", _database.Path);
        Assert.Equal((ExitCodes.Ok, ""), (after.ExitCode, after.Stderr));
    }

    /// <summary>The URL the run wrote beside its database once its server was up.</summary>
    private async Task<Uri> ServedUrl(Process run)
    {
        var marker = ServerMarker.PathFor(_database.Path);
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(2); await Task.Delay(100))
        {
            if (run.HasExited) throw new InvalidOperationException($"sweep run exited ({run.ExitCode}) before serving");
            if (ServerMarker.Read(_database.Path) is { } url) return url;
        }

        throw new TimeoutException($"{marker} did not appear");
    }

    /// <summary>Waits until the server answers for the sweep (the live view has read it).</summary>
    private static async Task SweepServedAsync(Uri url, Process run)
    {
        using var http = new HttpClient { BaseAddress = url };
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(2); await Task.Delay(100))
        {
            if (run.HasExited) throw new InvalidOperationException($"sweep run exited ({run.ExitCode}) before its sweep was served");
            using var response = await http.GetAsync("api/sweeps/live");
            if (response.IsSuccessStatusCode) return;
        }

        throw new TimeoutException($"{url} did not serve the sweep 'live' within 2 min");
    }

    private static int Completed(string counts) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(counts, @"(\d+) completed").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads the child's output as it comes (so it never blocks on a full pipe) and returns its exit code.</summary>
    private static async Task<int> Drain(Process process)
    {
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    public void Dispose() => _database.Dispose();
}

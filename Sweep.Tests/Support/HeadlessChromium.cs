using Microsoft.Playwright;

namespace Sweep.Tests.Support;

/// <summary>
/// Debian's chromium, driven by Playwright (no browser download), with the flags this kind of
/// machine needs: without the networking ones it keeps trying hosts it cannot reach.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>Opens a page and records what went wrong on it: console errors, script errors, failed loads.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(string url)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => errors.Add($"script: {error}");
        page.RequestFailed += (_, request) => errors.Add($"failed to load {request.Url}: {request.Failure}");
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return (page, errors);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

using System.Globalization;
using System.Text;
using Sweep.Orchestration.Live;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;
using Sweep.Reporting.Html;
using Sweep.Store;
using static Sweep.Web.Html;

namespace Sweep.Web;

/// <summary>
/// <c>/sweeps/NAME</c>: the sweep's progress, its paper-style and group tables with CIs, the trials
/// running now with their last heartbeat, the latest to finish, and its failures.
/// </summary>
internal static class SweepPage
{
    public const int RecentShown = 20;

    public static string Render(LiveSweep sweep, LiveState state, SweepReport report)
    {
        var s = Sections(sweep, state, report);
        var name = sweep.Sweep.Name;
        return Page($"Sweep {name}", $"/events?sweep={Uri.EscapeDataString(name)}", [
            $"<h1>Sweep {Encode(name)}</h1>",
            Section(s[0]), Section(s[1]), Section(s[2], "Running now"), Section(s[3], "Finished last"), Section(s[4], "Failures"),
            $"<p>{Link($"{SweepHref(name)}/trials", "Every trial")} · exports: " +
            string.Join(" ", SweepExports.Formats.Select(f => Link($"/api{SweepHref(name)}/export?format={f}", f))) + "</p>",
            $"<h2>Specification</h2>\n<pre id=\"spec\">{Encode(sweep.Sweep.Definition)}</pre>"]);
    }

    public static IReadOnlyList<PageSection> Sections(LiveSweep sweep, LiveState state, SweepReport report) =>
    [
        new("progress", Progress(SweepProgress.Of(sweep, state), report)),
        new("tables", Tables(report)),
        new("running", Running(sweep, state)),
        new("recent", Recent(sweep)),
        new("failures", Failures(report)),
    ];

    private static string Progress(SweepProgress p, SweepReport report)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture,
            $"<p>{Bar(p)} <span id=\"counts\">{p.Total} trials: <b class=\"completed\">{p.Completed} completed</b>, {p.Running} running, {p.Pending} pending, {p.Failed} failed, {p.Abandoned} abandoned</span>. ");
        html.Append(CultureInfo.InvariantCulture, $"ETA: <span id=\"eta\">{Encode(p.EtaText)}</span>.</p>");
        if (report.StaleNote is { } stale) html.Append($"<p class=\"missing\">{Encode(stale)}</p>");
        return html.ToString();
    }

    private static string Tables(SweepReport report)
    {
        var html = new StringBuilder();
        HtmlTables.PaperTable(html, report);
        HtmlTables.Comparisons(html, report);
        HtmlTables.GroupTable(html, report);
        if (AdaptiveProgress.Of(report) is { } adaptive)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>Adaptive seeds</h2><p>{Encode(adaptive.Rule.ToString())}</p>");
            HtmlTables.Table(html, "adaptive", AdaptiveProgress.Header, adaptive.Rows());
        }

        HtmlTables.SeedTables(html, report);
        return html.ToString();
    }

    private static string Running(LiveSweep sweep, LiveState state)
    {
        var running = sweep.Trials.Values.Where(t => t.State is TrialState.Running or TrialState.Dispatched).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        if (running.Count == 0) return "<p>Nothing runs now.</p>";
        var html = new StringBuilder("<table><tr><th>trial</th><th>dataset/method/init/noise/seed</th><th>node</th><th>attempt</th><th>iteration</th><th>D loss</th><th>G loss</th></tr>");
        foreach (var trial in running)
        {
            var heard = state.Progress.GetValueOrDefault(trial.Id);
            html.Append(Row(Link(TrialHref(trial.Id), trial.Id), Encode(TrialLabel(trial)), Encode(trial.Node), OverviewPage.N(trial.Attempt),
                heard is null ? Encode(trial.State == TrialState.Dispatched ? "starting" : "—") : Encode($"{heard.Iteration} / {heard.Iterations}"),
                Number(heard?.DiscriminatorLoss), Number(heard?.GeneratorLoss)));
        }

        return html.Append("</table>").ToString();
    }

    private static string Recent(LiveSweep sweep)
    {
        var finished = sweep.Trials.Values.Where(t => t.State.IsFinal()).OrderByDescending(t => t.FinishedUtc).ThenBy(t => t.Id, StringComparer.Ordinal).Take(RecentShown).ToList();
        if (finished.Count == 0) return "<p>No trial has finished yet.</p>";
        var html = new StringBuilder("<table class=\"recent\"><tr><th>trial</th><th>dataset/method/init/noise/seed</th><th>state</th><th>finished (UTC)</th><th>result</th></tr>");
        foreach (var trial in finished)
            html.Append(Row(Link(TrialHref(trial.Id), trial.Id), Encode(TrialLabel(trial)), Encode(trial.State.ToString().ToLowerInvariant()),
                Encode(trial.FinishedUtc?.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), Encode(Outcome(trial))));
        return html.Append("</table>").ToString();
    }

    private static string Failures(SweepReport report)
    {
        var failed = report.Trials.Where(t => t.State is TrialState.Failed or TrialState.Abandoned).ToList();
        if (failed.Count == 0) return "<p>None.</p>";
        var html = new StringBuilder("<ul class=\"missing\">");
        foreach (var trial in failed.Take(OverviewPage.FailuresShown))
            html.Append($"<li>{Link(TrialHref(trial.Id), trial.Id)} {Encode(trial.State.ToString().ToLowerInvariant())} after {trial.Attempt} attempt(s): {Encode(trial.Error)}</li>");
        if (failed.Count > OverviewPage.FailuresShown) html.Append(CultureInfo.InvariantCulture, $"<li>… and {failed.Count - OverviewPage.FailuresShown} more</li>");
        return html.Append("</ul>").ToString();
    }

    /// <summary><c>/sweeps/NAME/trials</c>: every trial, not live (a sweep may hold many thousands).</summary>
    public static string AllTrials(SweepReport report)
    {
        var html = new StringBuilder("<table><tr><th>trial</th><th>dataset</th><th>method</th><th>init</th><th>noise</th><th>seed</th><th>state</th><th>result</th></tr>");
        foreach (var row in TrialRows.Of(report))
            html.Append(Row(Link(TrialHref(row.Record.Id), row.Record.Id), Encode(row.Dataset), Encode(row.Method), Encode(row.Init), Encode(row.Noise),
                OverviewPage.N(row.Seed), Encode(Cells.State(row)), Encode(Outcome(row.Record))));
        html.Append("</table>");
        return Page($"Sweep {report.Sweep.Name}: trials", "", [$"<h1>Sweep {Link(SweepHref(report.Sweep.Name), report.Sweep.Name)}: every trial</h1>", html.ToString()]);
    }

    public static string TrialLabel(TrialRecord trial) => ParsedSpecs.Of(trial.Spec).Label;

    public static string Outcome(TrialRecord trial) => trial.State switch
    {
        TrialState.Completed => MetricsText.Of(trial.Metrics()),
        TrialState.Failed or TrialState.Abandoned => trial.Error ?? "",
        _ => "",
    };

    private static string Number(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "";
}

using System.Globalization;
using System.Text;
using Sweep.Orchestration.Live;
using Sweep.Reporting;
using Sweep.Reporting.Pictures;
using Sweep.Store;
using static Sweep.Web.Html;

namespace Sweep.Web;

/// <summary><c>/trials/ID</c>: the trial's state and results, live while it runs, and its pictures once it has finished.</summary>
internal static class TrialPage
{
    public static string Render(TrialRecord trial, LiveState state, IReadOnlyList<TrialPicture> pictures)
    {
        var s = Sections(trial, state, pictures);
        return Page($"Trial {trial.Id}", $"/events?trial={Uri.EscapeDataString(trial.Id)}", [
            $"<h1>Trial {Encode(trial.Id)}</h1>",
            $"<p>{Encode(SweepPage.TrialLabel(trial))} · in " + string.Join(", ", state.SweepsOf(trial.Id).Select(n => Link(SweepHref(n), n))) +
            $" · {Link($"/api{TrialHref(trial.Id)}", "as JSON")}</p>",
            Section(s[0]), Section(s[1], "Pictures"),
            $"<h2>Specification</h2>\n<pre id=\"spec\">{Encode(trial.Spec)}</pre>"]);
    }

    public static IReadOnlyList<PageSection> Sections(TrialRecord trial, LiveState state, IReadOnlyList<TrialPicture> pictures) =>
        [new("trial", Status(trial, state.Progress.GetValueOrDefault(trial.Id))), new("pictures", Pictures(trial, pictures))];

    private static string Status(TrialRecord trial, LiveProgress? heard)
    {
        var html = new StringBuilder("<table class=\"facts\">");
        void Fact(string name, string? value) => html.Append($"<tr><th>{Encode(name)}</th><td>{Encode(value)}</td></tr>");
        Fact("state", trial.State.ToString().ToLowerInvariant());
        Fact("attempt", trial.Attempt.ToString(CultureInfo.InvariantCulture));
        if (trial.Node is not null) Fact("node", trial.Node);
        if (trial.Device is not null) Fact("device", trial.Processor is null ? trial.Device : $"{trial.Device}: {trial.Processor}");
        if (trial.ImportedFrom is not null) Fact("imported from", trial.ImportedFrom);
        if (heard is not null)
        {
            Fact("iteration", $"{heard.Iteration} / {heard.Iterations} (heard {heard.AtUtc:HH:mm:ss} UTC)");
            Fact("losses (D, G)", $"{heard.DiscriminatorLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "—"}, {heard.GeneratorLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "—"}");
        }
        else
        {
            Fact("iteration", trial.Iteration.ToString(CultureInfo.InvariantCulture));
        }

        Fact("training time", $"{trial.Seconds:F1} s");
        if (trial.StartedUtc is { } started) Fact("started (UTC)", started.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        if (trial.FinishedUtc is { } finished) Fact("finished (UTC)", finished.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        if (trial.State == TrialState.Completed) Fact("result", MetricsText.Of(trial.Metrics()));
        if (trial.Error is not null) Fact("error", trial.Error);
        return html.Append("</table>").ToString();
    }

    private static string Pictures(TrialRecord trial, IReadOnlyList<TrialPicture> pictures)
    {
        if (pictures.Count == 0) return $"<p class=\"missing\">{Encode(StoredTraces.Missing(trial))}</p>";
        return string.Concat(pictures.Select(p =>
            $"<figure class=\"trial-picture\"><img src=\"{Encode($"{TrialHref(trial.Id)}/pictures/{p.Suffix}.png")}\" alt=\"{Encode(p.Caption)}\"><figcaption>{Encode(p.Caption)}</figcaption></figure>"));
    }
}

using System.Globalization;
using System.Text;
using Sweep.Orchestration.Live;
using Sweep.Store;
using static Sweep.Web.Html;

namespace Sweep.Web;

/// <summary><c>/</c>: every sweep with its progress, the nodes and their slots, and the latest failures.</summary>
internal static class OverviewPage
{
    public const int FailuresShown = 50;

    public static string Render(LiveState state)
    {
        var sections = Sections(state);
        return Page("Sweep", "/events", ["<h1>Sweeps</h1>", Section(sections[0]), Section(sections[1], "Nodes"), Section(sections[2], "Failures")]);
    }

    public static IReadOnlyList<PageSection> Sections(LiveState state) => [new("sweeps", Sweeps(state)), new("nodes", Nodes(state)), new("failures", Failures(state))];

    private static string Sweeps(LiveState state)
    {
        if (state.Fault is { } fault) return $"<p class=\"missing\">The coordinator stopped scheduling: {Encode(fault)}</p>";
        if (state.Sweeps.Count == 0) return "<p>No sweeps yet.</p>";
        var html = new StringBuilder("<table><tr><th>sweep</th><th>progress</th><th>trials</th><th>completed</th><th>running</th><th>pending</th><th>failed</th><th>abandoned</th><th>ETA</th><th>created</th></tr>");
        foreach (var sweep in state.Sweeps.Values)
        {
            var p = SweepProgress.Of(sweep, state);
            html.Append(Row(Link(SweepHref(sweep.Sweep.Name), sweep.Sweep.Name), Bar(p), N(p.Total), N(p.Completed), N(p.Running), N(p.Pending), N(p.Failed), N(p.Abandoned),
                Encode(p.EtaText), Encode(sweep.Sweep.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))));
        }

        return html.Append("</table>").ToString();
    }

    public static string Nodes(LiveState state)
    {
        if (state.Nodes.Count == 0) return "<p>No node has registered slots.</p>";
        var html = new StringBuilder("<table><tr><th>node</th><th>slots</th><th>running</th><th>utilisation</th><th>devices</th><th>state</th></tr>");
        foreach (var node in state.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            string Device(string d) => node.Memory?.TryGetValue(d, out var bytes) == true ? $"{d} ({Sweep.Training.Specs.TrialMemory.Gib(bytes)})" : d;
            var devices = string.Join(", ", node.Devices.GroupBy(d => d).Select(g => g.Count() == 1 ? Device(g.Key) : $"{g.Count()} × {Device(g.Key)}"));
            var condition = !node.Reachable ? "unreachable" : node.Leaving ? "leaving" : "up";
            html.Append(Row(Encode(node.Key), N(node.Slots), N(node.Running), node.Slots == 0 ? "" : $"{100.0 * node.Running / node.Slots:F0}%", Encode(devices), Encode(condition)));
        }

        return html.Append("</table>").ToString();
    }

    private static string Failures(LiveState state)
    {
        var failed = state.Sweeps.Values.SelectMany(s => s.Trials.Values.Where(t => t.State is TrialState.Failed or TrialState.Abandoned).Select(t => (Sweep: s.Sweep.Name, Trial: t)))
            .DistinctBy(f => f.Trial.Id).OrderByDescending(f => f.Trial.FinishedUtc).ToList();
        if (failed.Count == 0) return "<p>None.</p>";
        var html = new StringBuilder("<table><tr><th>trial</th><th>sweep</th><th>state</th><th>attempts</th><th>reason</th></tr>");
        foreach (var (sweep, trial) in failed.Take(FailuresShown))
            html.Append(Row(Link(TrialHref(trial.Id), trial.Id), Encode(sweep), Encode(trial.State.ToString().ToLowerInvariant()), N(trial.Attempt), $"<span class=\"reason\">{Encode(trial.Error)}</span>"));
        html.Append("</table>");
        if (failed.Count > FailuresShown) html.Append(CultureInfo.InvariantCulture, $"<p>… and {failed.Count - FailuresShown} more (sweep status lists them all).</p>");
        return html.ToString();
    }

    public static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using Sweep.Reporting;
using Sweep.Store;

namespace Sweep.Orchestration.Sweeps;

/// <summary>Where each group of an adaptive sweep stands: its seeds, its interval's half-width against the target, and whether more seeds come.</summary>
public sealed record AdaptiveProgress(AdaptiveSeeds Rule, IReadOnlyList<AdaptiveProgress.Group> Groups)
{
    public sealed record Group(string Label, int Seeds, int Completed, double? HalfWidth, AdaptiveSeeds.State State);

    public static readonly string[] Header = ["group", "seeds", "completed", "95% CI half-width", "target", "state"];

    /// <summary>Null when the sweep's seeds are fixed (or its stored definition no longer reads).</summary>
    public static AdaptiveProgress? Of(SweepReport report)
    {
        SweepDefinition definition;
        try
        {
            definition = SweepFileReader.Read(report.Sweep.Definition, $"stored definition of {report.Sweep.Name}");
        }
        catch (SweepFileException)
        {
            return null;
        }

        if (definition.Adaptive is not { } rule) return null;
        var states = report.Trials.ToDictionary(t => t.Id, t => t.State);
        return new AdaptiveProgress(rule, report.Groups.Select(g =>
        {
            var values = g.SeedValues.GetValueOrDefault(rule.Metric) ?? [];
            var (state, halfWidth) = rule.Judge(g.Trials, g.TrialIds.All(id => states[id].IsFinal()), values);
            return new Group($"{g.Dataset}/{g.Label}", g.Trials, g.Completed, halfWidth, state);
        }).ToList());
    }

    /// <summary>A group's row as the tables show it; half-widths in the metric's units (high quality as a fraction, as the rule's target is written).</summary>
    public IEnumerable<string[]> Rows() => Groups.Select(g => new[]
    {
        g.Label, N(g.Seeds), N(g.Completed),
        g.HalfWidth is { } w ? w.ToString("G4", CultureInfo.InvariantCulture) : "— (n < 3)",
        Rule.HalfWidth.ToString("G4", CultureInfo.InvariantCulture),
        g.State switch
        {
            AdaptiveSeeds.State.Running => "running",
            AdaptiveSeeds.State.Adding => "adding seeds",
            AdaptiveSeeds.State.Settled => "settled",
            _ => $"stopped at max ({Rule.Max})",
        },
    });

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Tests.Support;
using Sweep.Training.Specs;
using Sweep.Web;

namespace Sweep.Tests.Web;

/// <summary><c>/api/sweeps/{name}</c>'s "adaptive" part: the rule and each group's seeds, half-width and state.</summary>
public sealed class AdaptiveApiTests
{
    private static SweepReport Report(string yaml, Func<TrialRecord, TrialRecord> outcome)
    {
        var decision = SweepAdmission.Admit(SweepFileReader.Read(yaml, "s.yaml"), yaml, null, _ => [], extend: false, DateTime.UtcNow);
        return new SweepReport(decision.Sweep, decision.NewTrials.Select(outcome).ToList());
    }

    [Fact]
    public void An_adaptive_sweep_says_where_each_group_stands_and_a_fixed_one_has_none()
    {
        const string yaml = """
            name: growing
            grid:
              dataset: ring
              method: gan
              init: [normal, covering]
              seed: {start: 3, max: 10, step: 2, until: {metric: high_quality, ci95_halfwidth: 0.05}}
            iterations: 50
            """;
        // normal: 0.5 on every seed (no spread: settled); covering: 0.1, 0.9, 0.5 (wide: more seeds come).
        var report = Report(yaml, t => ParsedSpecs.Of(t.Spec) is var spec && spec.Init == InitKind.Normal
            ? t with { State = TrialState.Completed, Modes = 8, MaxModes = 8, HighQuality = 0.5 }
            : t with { State = TrialState.Completed, Modes = 8, MaxModes = 8, HighQuality = new[] { 0.1, 0.9, 0.5 }[spec.Seed - 1] });

        var adaptive = ApiRoutes.Adaptive(report)!;

        Assert.Equal(("high_quality", 0.05, 3, 10, 2), ((string)adaptive["rule"]!["metric"]!, (double)adaptive["rule"]!["ci95_halfwidth"]!,
            (int)adaptive["rule"]!["start"]!, (int)adaptive["rule"]!["max"]!, (int)adaptive["rule"]!["step"]!));
        var groups = adaptive["groups"]!.AsArray().ToDictionary(g => (string)g!["group"]!);
        Assert.Equal((3, 3, 0.0, "settled"), ((int)groups["ring/gan/normal/unimodal"]!["seeds"]!, (int)groups["ring/gan/normal/unimodal"]!["completed"]!,
            (double)groups["ring/gan/normal/unimodal"]!["ci95_halfwidth"]!, (string)groups["ring/gan/normal/unimodal"]!["state"]!));
        Assert.Equal("adding", (string)groups["ring/gan/covering/unimodal"]!["state"]!);
        Assert.True((double)groups["ring/gan/covering/unimodal"]!["ci95_halfwidth"]! > 0.05);

        Assert.Null(ApiRoutes.Adaptive(Report(SweepFiles.Ring("fixed", seeds: 3), t => t)));
    }
}

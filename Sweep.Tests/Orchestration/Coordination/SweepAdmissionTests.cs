using Sweep.Orchestration.Coordination;
using Sweep.Store;
using Sweep.Orchestration.Sweeps;
using Sweep.Tests.Support;
using Sweep.Training.Specs;

namespace Sweep.Tests.Orchestration.Coordination;

public sealed class SweepAdmissionTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_adaptive_sweeps_new_rule_replaces_the_stored_one_and_a_new_comment_does_not()
    {
        const string rule = "{start: 3, max: 10, until: {metric: modes, ci95_halfwidth: 0.5}}";
        var yaml = SweepFiles.Ring("s", seeds: 3).Replace("seed: 3", $"seed: {rule}");
        var stored = SweepAdmission.Admit(SweepFileReader.Read(yaml, "a.yaml"), yaml, null, _ => [], extend: false, DateTime.UtcNow).Sweep
            with { TrialIds = ["seed 4 added while it ran"] };

        var commented = yaml + "# a comment\n";
        var same = SweepAdmission.Admit(SweepFileReader.Read(commented, "a.yaml"), commented, stored, _ => [], extend: false, DateTime.UtcNow);
        var wider = yaml.Replace("max: 10", "max: 20");
        var changed = SweepAdmission.Admit(SweepFileReader.Read(wider, "a.yaml"), wider, stored, _ => [], extend: false, DateTime.UtcNow);

        Assert.Equal((yaml, 0), (same.Sweep.Definition, same.Changes.Count));
        Assert.Equal(wider, changed.Sweep.Definition);
        Assert.Equal(["adaptive seeds now: modes until ±0.5 (95% CI), 3 to 20 seeds, 1 at a time"], changed.Changes);
        // The seeds it grew are kept either way: the fingerprint is the starting grid's.
        Assert.Equal(["seed 4 added while it ran"], changed.Sweep.TrialIds);
    }

    [Fact]
    public void A_changed_grid_is_described_in_the_words_of_the_sweep_file()
    {
        var before = SweepFileReader.Read(SweepFiles.Ring("s", seeds: 2, iterations: 100, inits: "normal, covering"), "a.yaml");
        var after = SweepFileReader.Read(SweepFiles.Ring("s", seeds: 3, iterations: 200, inits: "covering", extra: "set: { lr_g: 1e-4 }"), "b.yaml");

        var changes = GridChanges.Describe(before, after);

        Assert.Equal(["init: removed normal", "seed: added 3", "iterations: 100 → 200", "set: (none) → lr_g=1e-4"], changes);
    }

    [Fact]
    public void Extending_keeps_completed_trials_the_new_grid_no_longer_names_and_refusing_names_how_many()
    {
        var oldYaml = SweepFiles.Ring("s", seeds: 2);
        var created = SweepAdmission.Admit(SweepFileReader.Read(oldYaml, "a.yaml"), oldYaml, null, _ => [], extend: false, Now);
        var completed = created.NewTrials[1] with { State = TrialState.Completed, Modes = 6 };
        IReadOnlyList<TrialRecord> Stored(IReadOnlyList<string> ids) => [created.NewTrials[0], completed];

        var newYaml = SweepFiles.Ring("s", seeds: 1);
        var refused = Assert.Throws<SweepRefusedException>(() =>
            SweepAdmission.Admit(SweepFileReader.Read(newYaml, "b.yaml"), newYaml, created.Sweep, Stored, extend: false, Now));
        var extended = SweepAdmission.Admit(SweepFileReader.Read(newYaml, "b.yaml"), newYaml, created.Sweep, Stored, extend: true, Now);

        Assert.Contains("seed: removed 2", refused.Message);
        Assert.Contains("keep its 1 completed result(s)", refused.Message);
        Assert.Equal([created.NewTrials[0].Id, completed.Id], extended.Sweep.TrialIds);
        Assert.Equal(newYaml, extended.Sweep.Definition);
        Assert.Equal(SweepGrid.Fingerprint([created.NewTrials[0].Id]), extended.Sweep.Fingerprint);
    }

    [Fact]
    public void A_sweep_run_under_an_earlier_definition_is_refused_naming_what_changed_and_extending_keeps_its_results()
    {
        var yaml = """
            name: old
            grid: { dataset: ring, method: [gan, ali], seed: 1 }
            iterations: 50
            """;
        var definition = SweepFileReader.Read(yaml, "old.yaml");
        var current = SweepAdmission.Admit(definition, yaml, null, _ => [], extend: false, Now).NewTrials;
        // The same file as an earlier Sweep stored it: its ALI trial without a revision or an encoder knob.
        var stored = current.Select(t =>
        {
            var spec = TrialSpec.FromJson(t.Spec);
            if (spec.Method != MethodKind.Ali) return t with { State = TrialState.Completed };
            var earlier = spec with { Revision = 0, Hyper = spec.Hyper with { AliEncoder = null } };
            return new TrialRecord { Id = earlier.TrialId, Spec = earlier.CanonicalJson(), State = TrialState.Completed };
        }).ToList();
        var sweep = new SweepRecord { Name = "old", Definition = yaml, TrialIds = stored.Select(t => t.Id).ToList(), Fingerprint = SweepGrid.Fingerprint(stored.Select(t => t.Id).ToList()) };

        var refused = Assert.Throws<SweepRefusedException>(() => SweepAdmission.Admit(definition, yaml, sweep, _ => stored, extend: false, Now));
        var extended = SweepAdmission.Admit(definition, yaml, sweep, _ => stored, extend: true, Now);

        Assert.Contains("was run under an earlier definition of Sweep", refused.Message);
        Assert.Contains("1 stored trial(s) were defined before changes", refused.Message);
        Assert.Contains("ali: a stochastic (Gaussian) encoder", refused.Message);
        Assert.Contains("Its 2 completed result(s) stay in the database", refused.Message);
        // The gan trial is the same trial in both definitions; the old ALI result is kept beside the new ALI trial.
        Assert.Equal(3, extended.Sweep.TrialIds.Count);
        Assert.Contains(stored.Single(t => t.Spec.Contains("\"ali\"", StringComparison.Ordinal)).Id, extended.Sweep.TrialIds);
    }
}

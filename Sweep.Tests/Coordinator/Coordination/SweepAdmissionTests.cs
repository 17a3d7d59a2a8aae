using Sweep.Coordinator.Coordination;
using Sweep.Coordinator.Store;
using Sweep.Coordinator.Sweeps;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator.Coordination;

public sealed class SweepAdmissionTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

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
}

using Sweep.Reporting;
using Sweep.Store;
using Sweep.Tests.Support;
using Sweep.Training.Specs;

namespace Sweep.Tests.Reporting.Reports;

public sealed class AggregationTests
{
    private static TrialRecord Completed(TrialSpec spec, int modes, double hq) => new()
    {
        Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Modes = modes, MaxModes = 8, HighQuality = hq,
    };

    private static TrialRecord Pending(TrialSpec spec) => new() { Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Pending };

    [Fact]
    public void Seeds_of_one_configuration_form_one_group_with_mean_std_and_student_t_interval()
    {
        int[] modes = [8, 8, 7, 6, 2];
        var trials = modes.Select((m, i) => Completed(Specs.Trial("ring", "gan", "covering", "multimodal", seed: i + 1), m, 0.5)).ToList();

        var group = Assert.Single(Aggregation.Groups(trials));

        Assert.Equal(("ring", "gan", "covering", "multimodal", 5, 5, 8), (group.Dataset, group.Method, group.Init, group.Noise, group.Trials, group.Completed, group.MaxModes));
        var summary = group.Modes!;
        Assert.Equal(5, summary.N);
        Assert.Equal(6.2, summary.Mean, 10);
        Assert.Equal(Math.Sqrt(24.8 / 4), summary.Std, 10);                  // sample std of 8, 8, 7, 6, 2
        Assert.Equal(2.7764451 * Math.Sqrt(24.8 / 4) / Math.Sqrt(5), summary.Ci95, 5);   // t(0.975, 4) from tables
        Assert.Equal(0.0, group.HighQuality!.Std, 12);
        Assert.Null(group.Kl);
    }

    [Fact]
    public void Trials_that_differ_in_a_knob_stay_in_separate_groups_and_unfinished_trials_are_counted_but_not_averaged()
    {
        var trials = new List<TrialRecord>
        {
            Completed(Specs.Trial("ring", "gan", seed: 1), 5, 0.4),
            Pending(Specs.Trial("ring", "gan", seed: 2)),
            Completed(Specs.Trial("ring", "gan", seed: 1, set: [("lr_d", "1e-4")]), 8, 0.6),
        };

        var groups = Aggregation.Groups(trials);

        Assert.Equal(2, groups.Count);
        var plain = groups.Single(g => g.Trials == 2);
        Assert.Equal((1, 5.0), (plain.Completed, plain.Modes!.Mean));
        Assert.True(double.IsNaN(plain.Modes.Std), "one value has no standard deviation");
        Assert.Equal(8.0, groups.Single(g => g.Trials == 1).Modes!.Mean);
    }

    [Fact]
    public void The_pivot_has_a_row_per_method_init_noise_and_a_column_per_dataset()
    {
        var trials = new List<TrialRecord>();
        foreach (var dataset in new[] { "ring", "grid" })
        foreach (var method in new[] { "gan", "veegan" })
            trials.Add(Completed(Specs.Trial(dataset, method), dataset == "ring" ? 8 : 20, 0.5));

        var pivot = Aggregation.Pivot(Aggregation.Groups(trials));

        Assert.Equal(["gan/normal/unimodal", "veegan/normal/unimodal"], pivot.Rows);
        Assert.Equal([new PivotColumn("grid", false), new PivotColumn("ring", false)], pivot.Columns);
        Assert.Equal(20.0, pivot.Group("veegan/normal/unimodal", "grid")!.Modes!.Mean);
        Assert.Null(pivot.Group("gan/covering/unimodal", "ring"));
    }

    [Fact]
    public void Groups_that_differ_only_in_a_knob_get_pivot_rows_naming_it_so_neither_hides_the_other()
    {
        var trials = new List<TrialRecord>
        {
            Completed(Specs.Trial("ring", "gan", seed: 1), 5, 0.4),
            Completed(Specs.Trial("ring", "gan", seed: 1, set: [("lr_d", "1e-4")]), 8, 0.6),
        };

        var pivot = Aggregation.Pivot(Aggregation.Groups(trials));

        Assert.Equal(2, pivot.Rows.Count);
        Assert.Equal(5.0, pivot.Group("gan/normal/unimodal (lo17, 50 it)", "ring")!.Modes!.Mean);
        Assert.Equal(8.0, pivot.Group("gan/normal/unimodal (lo17, 50 it, lr_d=0.0001)", "ring")!.Modes!.Mean);
    }
}

using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Reporting.Reports;

/// <summary>A stored sweep's results beside the papers' numbers: each verdict, in the papers' units and rules.</summary>
public sealed class PaperComparisonTests
{
    private static TrialRecord Completed(string dataset, string method, int seed, int? modes = null, double? hq = null,
        int? shellModes = null, double? ivom = null, string init = "normal", string noise = "unimodal") =>
        Completed(Specs.Trial(dataset, method, init, noise, seed: seed), modes, hq, shellModes, ivom);

    private static TrialRecord Completed(Sweep.Training.Specs.TrialSpec spec, int? modes, double? hq, int? shellModes, double? ivom) => new()
    {
        Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Attempt = 1,
        Modes = modes, MaxModes = modes is null ? null : 8, HighQuality = hq, ShellModes = shellModes, ShellHighQuality = shellModes is null ? null : 0.99,
        IvomMean = ivom, IvomStd = ivom is null ? null : 0.001,
    };

    private static SweepReport Report(params TrialRecord[] trials) =>
        new(new SweepRecord { Name = "compare", Fingerprint = "f", Definition = "name: compare", TrialIds = trials.Select(t => t.Id).ToList() }, trials);

    private static PaperComparison.Row Row(IReadOnlyList<PaperComparison.Row> rows, string method, string dataset, string metric) =>
        rows.Single(r => r.Cell.Method == method && r.Cell.Dataset == dataset && r.Cell.Metric == metric && r.Group is not null);

    [Fact]
    public void Each_verdict_in_the_papers_units_and_the_cells_the_sweep_lacks_are_not_run()
    {
        var report = Report(
            // GAN on the ring: 1 mode on every seed (the paper's 1), 99.3% high quality as fractions 0.99, 0.993, 0.996.
            Completed("ring", "gan", 1, modes: 1, hq: 0.990), Completed("ring", "gan", 2, modes: 1, hq: 0.993), Completed("ring", "gan", 3, modes: 1, hq: 0.996),
            // VEEGAN on the ring: 3 modes and 10–12% high quality on three seeds, below the paper's 8 and 52.9%.
            Completed("ring", "veegan", 1, modes: 3, hq: 0.10), Completed("ring", "veegan", 2, modes: 3, hq: 0.11), Completed("ring", "veegan", 3, modes: 3, hq: 0.12),
            // Unrolled on the grid: one seed only.
            Completed("grid", "unrolled", 1, modes: 25, hq: 0.5));

        var rows = PaperComparison.Compare(PaperTable.Find("veegan-table1")!, report);

        Assert.Equal(PaperComparison.Agrees, Row(rows, "gan", "ring", "modes").Verdict);
        Assert.Equal(PaperComparison.Agrees, Row(rows, "gan", "ring", "high_quality").Verdict);
        Assert.Equal(99.3, Row(rows, "gan", "ring", "high_quality").Sweep!.Mean, 9);
        Assert.Equal(PaperComparison.Below, Row(rows, "veegan", "ring", "modes").Verdict);
        Assert.Equal(PaperComparison.Below, Row(rows, "veegan", "ring", "high_quality").Verdict);
        Assert.Equal(PaperComparison.TooFew, Row(rows, "unrolled", "grid", "modes").Verdict);
        var hd1200 = rows.Where(r => r.Cell.Dataset == "hd1200").ToList();
        Assert.Equal(8, hd1200.Count);
        Assert.All(hd1200, r => Assert.Equal(PaperComparison.NotRun, r.Verdict));
        Assert.Equal("not in this sweep", PaperComparison.SweepText(hd1200[0]));
        Assert.Equal("2 of 24 cells agree (2 below, 2 n too small, 18 not run)", PaperComparison.Summary(rows));
    }

    [Fact]
    public void A_sweep_above_the_paper_is_above_and_two_seeds_give_a_wide_but_real_interval()
    {
        var report = Report(Completed("grid", "gan", 1, modes: 20, hq: 0.5), Completed("grid", "gan", 2, modes: 21, hq: 0.5),
            Completed("grid", "ali", 1, modes: 10, hq: 0.01), Completed("grid", "ali", 2, modes: 22, hq: 0.02));

        var rows = PaperComparison.Compare(PaperTable.Find("veegan-table1")!, report);

        // 20.5 ± 12.71·0.71/√2: [14.1, 26.9] lies above the paper's 3.3.
        Assert.Equal(PaperComparison.Above, Row(rows, "gan", "grid", "modes").Verdict);
        // n = 2 still has an interval: 16 ± 76.2 takes in ALI's 15.8.
        Assert.Equal(PaperComparison.Agrees, Row(rows, "ali", "grid", "modes").Verdict);
        Assert.Equal(2, Row(rows, "ali", "grid", "modes").Sweep!.N);
    }

    [Fact]
    public void A_group_run_with_a_knob_beyond_its_preset_is_compared_under_a_label_that_names_it()
    {
        Sweep.Training.Specs.TrialSpec Variant(int seed) => Specs.Trial("hd1200", "ali", seed: seed, preset: "veegan", set: [("ali_encoder", "noise-input")]);
        var report = Report(Completed(Variant(1), 7, 0.27, 8, null), Completed(Variant(2), 7, 0.24, 8, null));

        var rows = PaperComparison.Compare(PaperTable.Find("veegan-table1")!, report);

        Assert.Equal("ali/normal/unimodal (veegan, 50 it, ali_encoder=noise-input)", Row(rows, "ali", "hd1200", "modes").Label);
    }

    [Fact]
    public void A_paper_value_exactly_on_the_intervals_edge_agrees_and_just_past_it_does_not()
    {
        double[] values = [5, 6, 8];
        var edge = values.Mean() + StudentT.InvCDF(0, 1, values.Length - 1, 0.975) * values.StandardDeviation() / Math.Sqrt(values.Length);
        PaperCell Cell(double value) => new("veegan", "hd1200", "modes", value);

        Assert.Equal(PaperComparison.Agrees, PaperComparison.Verdict(Cell(edge), values));
        Assert.Equal(PaperComparison.Below, PaperComparison.Verdict(Cell(edge + 1e-6), values));
        Assert.Equal(PaperComparison.Agrees, PaperComparison.Verdict(Cell(8), [8, 8, 8]));
        Assert.Equal(PaperComparison.Above, PaperComparison.Verdict(Cell(7.999), [8, 8, 8]));
        Assert.Equal(PaperComparison.TooFew, PaperComparison.Verdict(Cell(8), [8]));
    }

    [Fact]
    public void Hd1200_is_compared_under_veegans_rule_and_ivom_in_zero_to_one_units()
    {
        var report = Report(
            Completed("hd1200", "veegan", 1, modes: 5, hq: 0.28, shellModes: 10), Completed("hd1200", "veegan", 2, modes: 6, hq: 0.29, shellModes: 10),
            Completed("cifar10", "veegan", 1, ivom: 0.0068), Completed("cifar10", "veegan", 2, ivom: 0.0069));

        var table1 = PaperComparison.Compare(PaperTable.Find("veegan-table1")!, report);
        var table2 = PaperComparison.Compare(PaperTable.Find("veegan-table2")!, report);

        // The paper's 5.5 against the modes under its own rule (5, 6), not the shell rule's 10.
        Assert.Equal(5.5, Row(table1, "veegan", "hd1200", "modes").Sweep!.Mean, 9);
        Assert.Equal(PaperComparison.Agrees, Row(table1, "veegan", "hd1200", "modes").Verdict);
        Assert.Equal(0.00685, Row(table2, "veegan", "cifar10", "ivom").Sweep!.Mean, 9);
        Assert.Equal(PaperComparison.Agrees, Row(table2, "veegan", "cifar10", "ivom").Verdict);
    }

    [Fact]
    public void Lo17s_claims_need_every_seed_at_eight_modes_and_enough_mass_on_the_modes()
    {
        var robust = Report(Enumerable.Range(1, 3).Select(seed => Completed("ring", "gan", seed, modes: 8, hq: 0.99, init: "covering", noise: "multimodal")).ToArray());
        var fragile = Report([.. Enumerable.Range(1, 2).Select(seed => Completed("ring", "gan", seed, modes: 8, hq: 0.5, init: "covering", noise: "multimodal")),
            Completed("ring", "gan", 3, modes: 7, hq: 0.6, init: "covering", noise: "multimodal")]);
        var table = PaperTable.Find("lo17")!;

        var held = PaperComparison.Compare(table, robust);
        var broken = PaperComparison.Compare(table, fragile);

        Assert.All(held, r => Assert.Equal(PaperComparison.Agrees, r.Verdict));
        Assert.Equal([PaperComparison.Agrees, PaperComparison.Below, PaperComparison.Below], broken.Select(r => r.Verdict));
        Assert.Equal("covering", broken[0].Cell.Init);
    }

    [Fact]
    public void The_papers_tables_ship_with_their_sources_and_every_cell_names_a_metric_sweep_measures()
    {
        Assert.Equal(["lo17", "veegan-table1", "veegan-table2"], PaperTable.Names);
        foreach (var name in PaperTable.Names)
        {
            var table = PaperTable.Find(name)!;
            Assert.False(string.IsNullOrWhiteSpace(table.Source));
            Assert.False(string.IsNullOrWhiteSpace(table.Runs));
            Assert.All(table.Cells, c => Assert.True(table.Metrics.ContainsKey(c.Metric), $"{name}: {c.Metric} has no definition"));
        }

        Assert.Equal(24, PaperTable.Find("veegan-table1")!.Cells.Count);
        Assert.Equal(52.9, PaperTable.Find("veegan-table1")!.Cells.Single(c => (c.Method, c.Dataset, c.Metric) == ("veegan", "ring", "high_quality")).Value);
        Assert.Null(PaperTable.Find("table3"));
    }
}

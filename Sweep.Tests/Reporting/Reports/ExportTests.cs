using System.Text.Json;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Reporting.Reports;

public sealed class ExportTests
{
    /// <summary>ring × {gan, veegan} × seeds 1-3 completed; one grid trial failed, one pending.</summary>
    private static SweepReport Report()
    {
        var trials = new List<TrialRecord>();
        int[] modes = [8, 6, 7];
        double[] hq = [0.5, 0.6, 0.7];
        foreach (var method in new[] { "gan", "veegan" })
            for (var seed = 1; seed <= 3; seed++)
            {
                var spec = Specs.Trial("ring", method, seed: seed);
                trials.Add(new TrialRecord
                {
                    Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Attempt = 1, Iteration = 50,
                    Modes = method == "gan" ? modes[seed - 1] : 8, MaxModes = 8, HighQuality = hq[seed - 1], Seconds = 1.5,
                });
            }

        var failed = Specs.Trial("grid", "gan", seed: 1);
        trials.Add(new TrialRecord
        {
            Id = failed.TrialId, Spec = failed.CanonicalJson(), State = TrialState.Failed, Attempt = 1,
            Error = "generator loss became NaN at iteration 12, \"not retryable\"",
        });
        var pending = Specs.Trial("grid", "gan", seed: 2);
        trials.Add(new TrialRecord { Id = pending.TrialId, Spec = pending.CanonicalJson(), State = TrialState.Pending });

        return new SweepReport(new SweepRecord { Name = "demo", Fingerprint = "abc123", Definition = "name: demo", TrialIds = trials.Select(t => t.Id).ToList() }, trials);
    }

    [Fact]
    public void Markdown_has_the_paper_pivot_the_groups_and_every_trial()
    {
        var markdown = MarkdownExport.Render(Report());

        Assert.Contains("# Sweep demo", markdown);
        Assert.Contains("8 trials, 1 pending, 6 completed, 1 failed.", markdown);
        Assert.Contains("| method/init/noise | grid (of ?) | ring (of 8) |", markdown);
        Assert.Contains("| gan/normal/unimodal | — | 7.0 ± 1.0 / 60.0 ± 10.0 |", markdown);
        Assert.Contains("| veegan/normal/unimodal | — | 8.0 ± 0.0 / 60.0 ± 10.0 |", markdown);
        Assert.Contains("| grid | gan | normal | unimodal | lo17 | 0/2 |", markdown);
        var trialRows = markdown.Split('\n').Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, "^\\| [0-9a-f]{16} \\|"));
        Assert.Equal(8, trialRows);
    }

    [Fact]
    public void Hd1200_shows_veegans_rule_in_the_paper_column_and_the_shell_rule_beside_it()
    {
        var trials = Enumerable.Range(1, 2).Select(seed =>
        {
            var spec = Specs.Trial("hd1200", "gan", seed: seed);
            return new TrialRecord
            {
                Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Attempt = 1,
                Modes = seed, MaxModes = 10, HighQuality = 0.01 * seed, ShellModes = 9 + seed % 2, ShellHighQuality = 0.9,
            };
        }).ToList();
        var report = new SweepReport(new SweepRecord { Name = "hd", Fingerprint = "f", Definition = "name: hd", TrialIds = trials.Select(t => t.Id).ToList() }, trials);

        var markdown = MarkdownExport.Render(report);
        var csv = CsvExport.Trials(report).Split("\r\n");

        Assert.Contains("| method/init/noise | hd1200, VEEGAN's rule (of 10) | hd1200, shell rule (of 10) |", markdown);
        Assert.Contains("| gan/normal/unimodal | 1.5 ± 0.7 / 1.5 ± 0.7 | 9.5 ± 0.7 / 90.0 ± 0.0 |", markdown);
        var header = csv[0].Split(',');
        var row = csv[1].Split(',');
        Assert.Equal(("1", "0.01", "10", "0.9"), (row[Array.IndexOf(header, "modes")], row[Array.IndexOf(header, "high_quality")],
            row[Array.IndexOf(header, "shell_modes")], row[Array.IndexOf(header, "shell_high_quality")]));
    }

    [Fact]
    public void Trials_of_an_earlier_definition_are_listed_as_stale_and_left_out_of_the_tables()
    {
        var current = Specs.Trial("ring", "unrolled", seed: 1);
        var earlier = current with { Revision = 0, Hyper = current.Hyper with { UnrolledGLoss = null, WeightInit = null, WeightInitGain = null, DInputScale = null } };
        var trials = new[] { (current, 8), (earlier, 2) }.Select(t => new TrialRecord
        {
            Id = t.Item1.TrialId, Spec = t.Item1.CanonicalJson(), State = TrialState.Completed, Attempt = 1, Modes = t.Item2, MaxModes = 8, HighQuality = 0.5,
        }).ToList();
        var report = new SweepReport(new SweepRecord { Name = "old", Fingerprint = "f", Definition = "name: old", TrialIds = trials.Select(t => t.Id).ToList() }, trials);

        var markdown = MarkdownExport.Render(report);

        var group = Assert.Single(report.Groups);
        Assert.Equal((1, 8.0), (group.Completed, group.Modes!.Mean));
        Assert.Contains("1 trial(s) of this sweep (1 completed) were run under an earlier definition", markdown);
        Assert.Contains("saddle objective", markdown);
        Assert.Contains($"| {earlier.TrialId} | ring | unrolled | normal | unimodal | 1 | completed (stale: revision 0) |", markdown);
        Assert.Contains("\"stale\": true", JsonExport.Render(report));
    }

    [Fact]
    public void Compare_sets_the_papers_values_beside_the_sweeps_in_every_format()
    {
        var report = Report();
        var compared = ComparisonText.Compared.Of(PaperTable.Find("veegan-table1")!, report);

        var markdown = MarkdownExport.Render(report, compared);
        var csv = ComparisonText.Csv(compared).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var json = JsonDocument.Parse(JsonExport.Render(report, compared)).RootElement.GetProperty("comparison");

        Assert.Contains("## Compared with VEEGAN Table 1", markdown);
        Assert.Contains("| gan/normal/unimodal (lo17, 50 it) | ring | modes | 1 | 7 [4.516, 9.484] (n = 3) | above |", markdown);
        // gan: 7 modes against 1 (above), 60% HQ against 99.3 (below); veegan: 8 against 8, 60% against 52.9 (both agree).
        Assert.Contains("**2 of 24 cells agree (1 above, 1 below, 20 not run).**", markdown);
        Assert.Equal(1 + 24, csv.Length);
        Assert.StartsWith("veegan-table1,gan,normal,unimodal,ring,\"lo17, 50 it\",modes,mean,1,,3,7,", csv[1]);
        Assert.Equal("2 of 24 cells agree (1 above, 1 below, 20 not run)", json.GetProperty("summary").GetString());
        Assert.Equal(24, json.GetProperty("cells").GetArrayLength());
    }

    [Fact]
    public void Image_datasets_show_modes_and_kl_or_ivom_as_veegan_table_2_does()
    {
        var trials = new List<TrialRecord>();
        for (var seed = 1; seed <= 2; seed++)
        {
            var stacked = Specs.Trial("stacked-mnist", "gan", seed: seed);
            trials.Add(new TrialRecord
            {
                Id = stacked.TrialId, Spec = stacked.CanonicalJson(), State = TrialState.Completed, Attempt = 1,
                Modes = 100 * seed, MaxModes = 1000, Kl = seed, IvomMean = 0.05, IvomStd = 0.01,
            });
            var cifar = Specs.Trial("cifar10", "gan", seed: seed);
            trials.Add(new TrialRecord
            {
                Id = cifar.TrialId, Spec = cifar.CanonicalJson(), State = TrialState.Completed, Attempt = 1, IvomMean = 0.01 * seed, IvomStd = 0.001,
            });
        }

        var markdown = MarkdownExport.Render(new SweepReport(
            new SweepRecord { Name = "table2", Fingerprint = "f", Definition = "name: table2", TrialIds = trials.Select(t => t.Id).ToList() }, trials));

        Assert.Contains("| method/init/noise | cifar10 (IvOM) | stacked-mnist (modes of 1000 / KL) |", markdown);
        Assert.Contains("| gan/normal/unimodal | 0.0150 ± 0.0071 | 150.0 ± 70.7 / 1.50 ± 0.71 |", markdown);
    }

    [Fact]
    public void Csv_has_one_row_per_trial_and_quotes_fields_with_commas_and_quotes()
    {
        var report = Report();
        var lines = CsvExport.Trials(report).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(report.Trials.Count + 1, lines.Length);
        Assert.StartsWith("trial_id,sweep,dataset,method,init,noise,preset,seed,revision,stale,state,", lines[0]);
        var failed = Assert.Single(lines, l => l.Contains(",failed,", StringComparison.Ordinal));
        Assert.EndsWith(",\"generator loss became NaN at iteration 12, \"\"not retryable\"\"\"", failed);
        var first = lines[1].Split(',');
        Assert.Equal(["demo", "ring", "gan", "normal", "unimodal", "lo17", "1", "0", "false", "completed"], first[1..11]);
    }

    [Fact]
    public void Csv_groups_have_one_row_per_group_with_mean_std_and_interval()
    {
        var lines = CsvExport.Groups(Report()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');

        Assert.Equal(4, lines.Length);   // header + grid/gan, ring/gan, ring/veegan
        var gan = lines.Single(l => l.StartsWith("demo,ring,gan,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("7", gan[Array.IndexOf(header, "modes_mean")]);
        Assert.Equal("1", gan[Array.IndexOf(header, "modes_std")]);
        var grid = lines.Single(l => l.StartsWith("demo,grid,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("2", "0", ""), (grid[Array.IndexOf(header, "trials")], grid[Array.IndexOf(header, "completed")], grid[Array.IndexOf(header, "modes_mean")]));
    }

    [Fact]
    public void Json_carries_the_sweep_its_trials_with_specs_and_groups_with_null_for_undefined_values()
    {
        var report = Report();
        var single = Specs.Trial("hd1200", "ali", seed: 9);
        report = new SweepReport(report.Sweep, [.. report.Trials, new TrialRecord { Id = single.TrialId, Spec = single.CanonicalJson(), State = TrialState.Completed, Modes = 3, MaxModes = 10, HighQuality = 0.1 }]);

        using var json = JsonDocument.Parse(JsonExport.Render(report));
        var root = json.RootElement;

        Assert.Equal("demo", root.GetProperty("sweep").GetProperty("name").GetString());
        Assert.Equal("name: demo", root.GetProperty("sweep").GetProperty("definition").GetString());
        Assert.Equal(9, root.GetProperty("trials").GetArrayLength());
        Assert.Equal("ali", root.GetProperty("trials")[8].GetProperty("spec").GetProperty("method").GetString());
        var lone = root.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("dataset").GetString() == "hd1200");
        Assert.Equal(JsonValueKind.Null, lone.GetProperty("modes").GetProperty("std").ValueKind);
        Assert.Equal(3, lone.GetProperty("modes").GetProperty("mean").GetDouble());
    }

    [Fact]
    public void Latex_has_booktabs_tables_for_the_pivot_and_the_groups()
    {
        var latex = LatexExport.Render(Report());

        Assert.Contains(@"\usepackage{booktabs}", latex);
        // The pivot, the groups, the seed statistics, and method compared on modes and on high quality.
        Assert.Equal(5, latex.Split(@"\toprule").Length - 1);
        Assert.Contains(@"method/init/noise & grid (of ?) & ring (of 8) \\", latex);
        Assert.Contains(@"gan/normal/unimodal & --- & 7.0 $\pm$ 1.0 / 60.0 $\pm$ 10.0 \\", latex);
        Assert.Contains(@"ring & gan & normal & unimodal & 3/3 & 7.00 $\pm$ 1.00 & $\pm$ 2.48 & 60.0 $\pm$ 10.0 & $\pm$ 24.8 & --- & --- \\", latex);
    }

    [Fact]
    public void Every_format_shows_the_seed_statistics_and_the_comparison_along_the_method_axis()
    {
        var report = Report();

        // gan's modes 8, 6, 7: every resample mean lies in [6, 8] and each end has 1/27 > 2.5% of the
        // exact bootstrap distribution, so both intervals are the ends. 2 of 3 seeds collapsed:
        // Wilson [0.2077, 0.9385]. veegan's 8, 8, 8: no spread, none collapsed, Wilson's 0 of 3 [0, 0.5615].
        var markdown = MarkdownExport.Render(report);
        Assert.Contains("| ring | gan | normal | unimodal | lo17 | modes | 3 | 7.00 [6.00, 8.00] | 7.00 [6.00, 8.00] | 7.00 [6.00, 8.00] | 2/3 = 67% [21%, 94%] |", markdown);
        Assert.Contains("| ring | veegan | normal | unimodal | veegan | modes | 3 | 8.00 [8.00, 8.00] | 8.00 [8.00, 8.00] | 8.00 [8.00, 8.00] | 0/3 = 0% [0%, 56%] |", markdown);
        Assert.Contains("| ring | gan | normal | unimodal | lo17 | HQ % | 3 | 60.0 [50.0, 70.0] |", markdown);

        // veegan (listed second) against gan: 8 − 7 = 1, resampled 8 − [6, 8] = [0, 2]. P(better): 7.5 of 9
        // pairs; resampled, 1 − ½·(share of gan's 8s) whose ends 1 and ½ have 8/27 and 1/27. Mann–Whitney
        // with the four tied 8s: U = 7.5, z = 2.5 / √3.75, p = 0.1967 (one pair: Holm changes nothing).
        Assert.Contains("### Method compared on modes", markdown);
        Assert.Contains("| ring/normal/unimodal | veegan | gan | 3 | 3 | 1.00 [0.00, 2.00] | 0.83 [0.50, 1.00] | 7.5 | 0.1967 | 0.1967 |", markdown);
        Assert.Contains("**0 of 1 pair(s) differ at the 5% level after Holm's correction.**", markdown);
        Assert.Contains("### Method compared on high_quality", markdown);

        using var json = JsonDocument.Parse(JsonExport.Render(report));
        var gan = json.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("method").GetString() == "gan" && g.GetProperty("dataset").GetString() == "ring");
        var modes = gan.GetProperty("seeds").GetProperty("modes");
        Assert.Equal((3, 7.0, 7.0), (modes.GetProperty("n").GetInt32(), modes.GetProperty("median").GetDouble(), modes.GetProperty("iqm").GetDouble()));
        Assert.Equal([6.0, 8.0], modes.GetProperty("bootstrap").GetProperty("mean").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(2000, modes.GetProperty("bootstrap").GetProperty("resamples").GetInt32());
        Assert.Equal(2, gan.GetProperty("collapse").GetProperty("collapsed").GetInt32());
        var pair = json.RootElement.GetProperty("comparisons").EnumerateArray().First().GetProperty("pairs")[0];
        Assert.Equal(("veegan", "gan", 7.5 / 9), (pair.GetProperty("x").GetString(), pair.GetProperty("y").GetString(), pair.GetProperty("p_improvement").GetDouble()));
        Assert.Equal(0.19670560, pair.GetProperty("p_value").GetDouble(), 7);

        var csv = CsvExport.Groups(report).Split("\r\n");
        var header = csv[0].Split(',');
        var ganRow = csv.Single(line => line.Contains(",ring,gan,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("6", ganRow[Array.IndexOf(header, "modes_mean_boot_low")]);
        Assert.Equal("8", ganRow[Array.IndexOf(header, "modes_iqm_boot_high")]);
        Assert.Equal("2", ganRow[Array.IndexOf(header, "collapsed")]);
        Assert.Equal("", ganRow[Array.IndexOf(header, "kl_median")]);

        Assert.Contains(@"ring & gan & normal & unimodal & lo17 & modes & 3 & 7.00 [6.00, 8.00]", LatexExport.Render(report));
    }

    [Fact]
    public void Two_seeds_say_so_instead_of_an_interval()
    {
        var trials = new[] { 1, 2 }.Select(seed =>
        {
            var spec = Specs.Trial("ring", "gan", seed: seed);
            return new TrialRecord { Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Modes = 6 + seed, MaxModes = 8, HighQuality = 0.5 };
        }).ToList();
        var report = new SweepReport(new SweepRecord { Name = "two", Fingerprint = "f", Definition = "name: two", TrialIds = trials.Select(t => t.Id).ToList() }, trials);

        Assert.Contains("| ring | gan | normal | unimodal | lo17 | modes | 2 | 7.50 (n < 3) | 7.50 (n < 3) | 7.50 (n < 3) | 1/2 = 50% (n < 3) |", MarkdownExport.Render(report));
        using var json = JsonDocument.Parse(JsonExport.Render(report));
        var modes = json.RootElement.GetProperty("groups")[0].GetProperty("seeds").GetProperty("modes");
        Assert.Equal(JsonValueKind.Null, modes.GetProperty("bootstrap").ValueKind);
        Assert.Equal("n < 3", modes.GetProperty("no_interval").GetString());
    }

    [Theory]
    [InlineData("a_b & 50% #1", @"a\_b \& 50\% \#1")]
    [InlineData(@"{x}~^\", @"\{x\}\textasciitilde{}\textasciicircum{}\textbackslash{}")]
    [InlineData("1 ± 2 — 3", @"1 $\pm$ 2 --- 3")]
    public void Latex_escapes_the_special_characters(string text, string expected) =>
        Assert.Equal(expected, LatexExport.Escape(text));

    [Fact]
    [Trait("Tier", "Full")]
    public async Task Latex_compiles_with_pdflatex()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-latex-").FullName;
        try
        {
            var report = Report();
            report = report with { Sweep = report.Sweep with { Name = "demo_sweep #1" } };
            // With a paper's table beside it, whose text has %, ≥ and ± to escape.
            await File.WriteAllTextAsync(Path.Combine(folder, "sweep.tex"),
                LatexExport.Render(report, ComparisonText.Compared.Of(PaperTable.Find("lo17")!, report)));

            var start = new System.Diagnostics.ProcessStartInfo("pdflatex", "-interaction=nonstopmode -halt-on-error sweep.tex")
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            System.Diagnostics.Process? pdflatex;
            try
            {
                pdflatex = System.Diagnostics.Process.Start(start);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("pdflatex is not installed: apt-get install texlive-latex-base texlive-latex-recommended (.ci/run does)", e);
            }

            using var process = pdflatex!;
            var log = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, log);
            Assert.True(new FileInfo(Path.Combine(folder, "sweep.pdf")).Length > 1000);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

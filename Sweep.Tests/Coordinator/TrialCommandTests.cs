using System.Text.Json;
using Sweep.Coordinator.Cli;
using Sweep.Reporting;
using Sweep.Training.Running;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary><c>sweep trial</c> as a user runs it: the real command in a child process.</summary>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class TrialCommandTests
{
    [Theory]
    [InlineData("--dataset rings --method gan", "--dataset", "ring, grid, hd1200")]
    [InlineData("--dataset ring --method wgan", "--method", "gan, unrolled, veegan, ali")]
    [InlineData("--dataset ring --method gan --init xavier", "--init", "normal, covering")]
    [InlineData("--dataset ring --method gan --noise gaussian", "--noise", "unimodal, multimodal")]
    [InlineData("--dataset ring --method gan --iterations 0", "--iterations", "integer >= 1")]
    [InlineData("--dataset ring --method gan --set batch_size=0", "--set batch_size", "integer from 1")]
    [InlineData("--dataset ring --method gan --noise multimodal --set categories=0", "--set categories", "integer >= 1, or auto")]
    [InlineData("--dataset ring --method gan --set batchsize=64", "--set batchsize", "Did you mean 'batch_size'")]
    [InlineData("--dataset ring --method gan --preset dcgan", "--preset", "image datasets")]
    [InlineData("--dataset ring --method gan --threads 0", "--threads", "integer >= 1")]
    [InlineData("--dataset ring --method gan --seed three", "--seed", "three")]
    [InlineData("--method gan", "--dataset", "required")]
    public async Task Bad_input_gets_one_message_naming_the_option_exit_code_2_and_no_result(string args, string option, string accepted)
    {
        var run = await SweepProcess.RunAsync(["trial", .. args.Split(' '), "--json"]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(option, run.Stderr);
        Assert.Contains(accepted, run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
        Assert.Equal("", run.Stdout.Trim());
    }

    [Fact]
    public async Task A_small_trial_prints_its_result_as_json_with_the_metrics_the_training_core_computes()
    {
        var run = await SweepProcess.RunAsync("trial", "--dataset", "ring", "--method", "veegan", "--init", "covering",
            "--noise", "multimodal", "--seed", "3", "--iterations", "40", "--preset", "lo17", "--set", "covering_steps=20", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(PublicJson.SchemaVersion, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(40, root.GetProperty("iterations").GetInt32());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(8, root.GetProperty("categories").GetInt32());   // auto estimates the ring's 8 modes
        var spec = Specs.Trial("ring", "veegan", "covering", "multimodal", seed: 3, iterations: 40, preset: "lo17", set: [("covering_steps", "20")]);
        Assert.Equal(spec.TrialId, root.GetProperty("trial_id").GetString());
        Assert.Equal("veegan", root.GetProperty("spec").GetProperty("method").GetString());

        // The same trial in this process, through the training core: the command prints its numbers, each under its own key.
        var direct = TrialRunner.Run(spec, new TrialRunOptions { Trace = null }, CancellationToken.None).Metrics!;
        Assert.Equal(direct.MaxModes, root.GetProperty("max_modes").GetInt32());
        Assert.Equal(direct.Modes, root.GetProperty("modes").GetInt32());
        Assert.Equal(direct.HighQuality!.Value, root.GetProperty("high_quality").GetDouble(), 12);
    }

    [Fact]
    public async Task Without_json_it_prints_a_readable_summary_and_about_ten_progress_lines()
    {
        // 1 500 iterations: reports come every 7, log lines every tenth (150) — intervals that do not divide.
        var run = await SweepProcess.RunAsync("trial", "--dataset", "grid", "--method", "gan", "--iterations", "1500",
            "--set", "batch_size=8", "--set", "d_steps=1", "--set", "g_width=8", "--set", "d_width=8");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("modes", run.Stdout);
        Assert.Contains("/ 25", run.Stdout);
        Assert.Contains("high quality", run.Stdout);
        // Not a terminal: progress comes as structured log lines on stderr.
        var progressLines = run.Stderr.Split('\n').Count(line => line.Contains(" iteration ", StringComparison.Ordinal));
        Assert.InRange(progressLines, 9, 11);
        Assert.Contains("iteration 1500/1500", run.Stderr);
    }
}

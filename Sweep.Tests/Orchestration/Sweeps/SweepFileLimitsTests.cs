using System.Text;
using CsCheck;
using Sweep.Orchestration.Sweeps;

namespace Sweep.Tests.Orchestration.Sweeps;

/// <summary>Sweep files that are too large, too deep or malformed: one clear refusal, never a crash.</summary>
public sealed class SweepFileLimitsTests
{
    private const string Valid = """
        name: demo
        grid:
          dataset: [ring, grid]
          method: [gan, veegan]
          init: [normal, covering]
          noise: multimodal
          seed: 2
        iterations: 200
        set: { lr_g: 1e-4 }
        overrides:
          - when: { method: veegan }
            iterations: 300
        """;

    private static SweepFileException Refused(string yaml) =>
        Assert.Throws<SweepFileException>(() => SweepFileReader.Read(yaml, "s.yaml"));

    [Fact]
    public void A_flow_sequence_left_open_across_lines_is_invalid_yaml_not_a_crash()
    {
        // YamlDotNet throws InvalidOperationException here, not YamlException.
        var error = Refused("name: x\ngrid:\n  dataset: [ring\n  method: gan\n  seed: 1\n");
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_before_the_tree_is_built_even_in_a_second_document()
    {
        var deep = new string('[', 50_000) + new string(']', 50_000);
        var inSecond = Refused(Valid + "\n---\n" + deep);
        Assert.Contains("second YAML document", inSecond.Problem);

        var inFirst = Refused("name: x\ngrid: " + deep);
        Assert.Contains($"nested more than {SweepFileLimits.MaxDepth} levels", inFirst.Problem);
        Assert.Equal(2, inFirst.Line);
    }

    [Theory]
    [InlineData("\"demo\\n\"", "is not accepted")]     // "$" would have matched before the newline
    [InlineData("\"demo\\r\\n\"", "is not accepted")]
    public void A_name_with_a_trailing_line_break_is_refused(string name, string problem)
    {
        var error = Refused(Valid.Replace("name: demo", $"name: {name}"));
        Assert.StartsWith("name:", error.Problem);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_refused_and_one_at_the_limit_is_read()
    {
        var atLimit = new string('a', SweepFileLimits.MaxNameLength);
        Assert.Equal(atLimit, SweepFileReader.Read(Valid.Replace("name: demo", $"name: {atLimit}"), "s.yaml").Name);

        var error = Refused(Valid.Replace("name: demo", $"name: {atLimit}b"));
        Assert.Contains($"at most {SweepFileLimits.MaxNameLength}", error.Problem);
    }

    [Fact]
    public void A_grid_of_more_trials_than_the_limit_is_refused_before_it_is_expanded()
    {
        // 2 × 2 × 2 × 1 cells: 12 501 seeds make 100 008 trials, one seed fewer fits.
        Assert.Equal(100_000, SweepGrid.Expand(SweepFileReader.Read(Valid.Replace("seed: 2", "seed: 12500"), "s.yaml")).Count);
        var tooMany = Refused(Valid.Replace("seed: 2", "seed: 12501"));
        Assert.Contains("expands to 100,008 trials", tooMany.Problem);

        var tenMillion = Refused(Valid.Replace("seed: 2", "seed: 10000000"));
        Assert.Contains("at most 100,000", tenMillion.Problem);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_unread()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sweep-limits-").FullName, "big.yaml");
        File.WriteAllText(path, Valid + "\n# " + new string('x', SweepFileLimits.MaxFileBytes));
        var error = Assert.Throws<SweepFileException>(() => SweepFileReader.ReadFile(path));
        Assert.Contains($"at most {SweepFileLimits.MaxFileBytes:N0}", error.Problem);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Theory]
    [InlineData("dataset_size", "10000000", "an integer from 1 to 1000000")]
    [InlineData("g_width", "65536", "an integer from 1 to 8192")]
    [InlineData("batch_size", "1048576", "an integer from 1 to 65536")]
    public void Knobs_beyond_their_range_are_refused_with_the_range(string knob, string value, string accepted)
    {
        var error = Refused(Valid.Replace("set: { lr_g: 1e-4 }", $"set: {{ {knob}: {value} }}"));
        Assert.Equal($"set.{knob}: '{value}' is not accepted; expected {accepted}.", error.Problem);
    }

    /// <summary>
    /// Random edits of a valid file — characters YAML gives meaning to, inserted, deleted or
    /// replaced anywhere — are read or refused with a SweepFileException, nothing else.
    /// </summary>
    [Fact]
    public void Any_edit_of_a_valid_file_is_read_or_refused_never_thrown_otherwise()
    {
        const string significant = "[]{}:-,#&*!|>'\"%@`?\n\t 0aZ\\";
        var edit = Gen.Select(Gen.Int[0, Valid.Length], Gen.Int[0, 2], Gen.Char[significant], Gen.Int[1, 8]);
        edit.Array[1, 12].Sample(edits =>
        {
            var text = new StringBuilder(Valid);
            foreach (var (at, kind, c, count) in edits)
            {
                var position = Math.Min(at, text.Length);
                if (kind == 0) text.Insert(position, new string(c, count));
                else if (kind == 1) text.Remove(position, Math.Min(count, text.Length - position));
                else if (position < text.Length) text[position] = c;
            }

            try
            {
                SweepFileReader.Read(text.ToString(), "s.yaml");
            }
            catch (SweepFileException)
            {
            }
        }, iter: 3_000);
    }
}

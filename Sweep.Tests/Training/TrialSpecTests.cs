using Sweep.Tests.Support;
using Sweep.Training.Specs;

namespace Sweep.Tests.Training;

public sealed class TrialSpecTests
{
    [Fact]
    public void The_same_configuration_has_the_same_id_and_any_change_gives_another()
    {
        var spec = Specs.Trial("ring", "veegan", "covering", "multimodal", seed: 3, iterations: 2000, preset: "lo17");
        var again = Specs.Trial("ring", "veegan", "covering", "multimodal", seed: 3, iterations: 2000, preset: "lo17");

        Assert.Equal(spec.TrialId, again.TrialId);
        Assert.Matches("^[0-9a-f]{16}$", spec.TrialId);
        var variants = new[]
        {
            spec with { Seed = 4 },
            spec with { Iterations = 2001 },
            spec with { Method = MethodKind.Gan },
            spec with { Hyper = spec.Hyper with { LrD = 2e-3 } },
            Specs.Trial("ring", "veegan", "covering", "multimodal", seed: 3, iterations: 2000, preset: "veegan"),
        };
        Assert.Equal(variants.Length + 1, variants.Select(v => v.TrialId).Append(spec.TrialId).Distinct().Count());
    }

    [Fact]
    public void A_spec_survives_a_json_round_trip_with_its_id()
    {
        var spec = Specs.Trial("hd1200", "unrolled", set: [("unroll_steps", "7"), ("noise_dist", "uniform")]);

        var back = TrialSpec.FromJson(spec.CanonicalJson());

        Assert.Equal(spec, back);
        Assert.Equal(spec.TrialId, back.TrialId);
        Assert.Contains("\"method\":\"unrolled\"", spec.CanonicalJson());
    }

    [Fact]
    public void Presets_carry_the_papers_protocols()
    {
        var lo17 = Presets.Get(Presets.Lo17);
        var veegan = Presets.Get(Presets.Veegan);
        var metz = Presets.Get(Presets.Metz);

        Assert.Equal((10, 2, 128, 2, 128), (lo17.DSteps, lo17.GLayers, lo17.GWidth, lo17.DLayers, lo17.DWidth));
        Assert.Equal((2.0, 0.02), (lo17.RingRadius, lo17.RingStd));
        Assert.Equal((500, 1, 254, 1, 1e-3, 0.5), (veegan.BatchSize, veegan.DLayers, veegan.NoiseDim, veegan.ExtraNoiseDims, veegan.LrG, veegan.Beta1));
        Assert.Equal((1.0, 0.01), (veegan.RingRadius, veegan.RingStd));
        Assert.Equal((256, 1, 1e-4, 0.5, 5), (metz.NoiseDim, metz.DLayers, metz.LrD, metz.Beta1, metz.UnrollSteps));
    }

    [Theory]
    [InlineData("dataset", "rings", "ring, grid, hd1200", "ring")]
    [InlineData("method", "veegen", "gan, unrolled, veegan, ali", "veegan")]
    [InlineData("init", "cover", "normal, covering", null)]
    [InlineData("noise", "bimodal", "unimodal, multimodal", null)]
    [InlineData("preset", "lo18", "lo17, veegan, metz", "lo17")]
    public void An_unknown_axis_value_names_the_key_and_the_accepted_values(string key, string value, string accepted, string? suggestion)
    {
        var request = new TrialRequest { Dataset = "ring", Method = "gan" };
        request = key switch
        {
            "dataset" => request with { Dataset = value },
            "method" => request with { Method = value },
            "init" => request with { Init = value },
            "noise" => request with { Noise = value },
            _ => request with { Preset = value },
        };

        var error = Assert.Throws<SpecException>(() => request.Resolve());

        Assert.Equal(key, error.Key);
        Assert.Contains(accepted, error.Problem);
        if (suggestion is not null) Assert.Contains($"Did you mean '{suggestion}'", error.Problem);
    }

    [Theory]
    [InlineData("batch_size", "0", "an integer from 1")]
    [InlineData("categories", "0", "an integer >= 1, or auto")]
    [InlineData("lr_d", "-1", "a number > 0")]
    [InlineData("beta1", "1.5", "a number in [0, 1)")]
    [InlineData("fixed_dataset", "maybe", "true or false")]
    public void An_invalid_knob_value_says_what_the_knob_accepts(string knob, string value, string accepts)
    {
        var request = new TrialRequest { Dataset = "ring", Method = "gan", Overrides = [new(knob, value)] };

        var error = Assert.Throws<SpecException>(() => request.Resolve());

        Assert.Equal(knob, error.Key);
        Assert.Contains(accepts, error.Problem);
    }

    [Fact]
    public void An_unknown_knob_suggests_the_closest_one()
    {
        var request = new TrialRequest { Dataset = "ring", Method = "gan", Overrides = [new("batchsize", "64")] };

        var error = Assert.Throws<SpecException>(() => request.Resolve());

        Assert.Contains("Did you mean 'batch_size'", error.Problem);
    }

    [Fact]
    public void The_dcgan_preset_is_refused_for_synthetic_data_and_iterations_must_be_positive()
    {
        Assert.Equal("preset", Assert.Throws<SpecException>(() => new TrialRequest { Dataset = "grid", Method = "gan", Preset = "dcgan" }.Resolve()).Key);
        Assert.Equal("iterations", Assert.Throws<SpecException>(() => new TrialRequest { Dataset = "grid", Method = "gan", Iterations = 0 }.Resolve()).Key);
    }
}

using System.Text.Json;
using Sweep.Tests.Support;
using Sweep.Training.Specs;

namespace Sweep.Tests.Training;

/// <summary>What a table names beside a group's preset and budget: the knobs its trials set away from the preset.</summary>
public sealed class KnobsBeyondPresetTests
{
    [Fact]
    public void A_trial_at_its_presets_values_sets_no_knob_even_where_the_method_fills_one_in()
    {
        Assert.Empty(KnobsBeyondPreset.Of(Specs.Trial("hd1200", "ali", preset: "veegan")));
        Assert.Empty(KnobsBeyondPreset.Of(Specs.Trial("ring", "unrolled", "covering", "multimodal", seed: 4, preset: "metz")));
        // Spelling out the preset's own batch size (512 for lo17) changes nothing.
        Assert.Empty(KnobsBeyondPreset.Of(Specs.Trial("ring", "gan", preset: "lo17", set: [("batch_size", "512")])));
    }

    [Fact]
    public void Each_knob_set_away_from_the_preset_is_named_with_its_value_as_a_user_writes_it()
    {
        Assert.Equal(["ali_encoder=noise-input"], KnobsBeyondPreset.Of(Specs.Trial("hd1200", "ali", preset: "veegan", set: [("ali_encoder", "noise-input")])));
        Assert.Equal(["batch_size=64", "lr_d=0.0002", "noise_dist=uniform", "unroll_steps=3", "fixed_dataset=true"],
            KnobsBeyondPreset.Of(Specs.Trial("ring", "unrolled", preset: "veegan",
                set: [("unroll_steps", "3"), ("lr_d", "2e-4"), ("noise_dist", "uniform"), ("fixed_dataset", "true"), ("batch_size", "64")])));
    }

    [Fact]
    public void Every_hyperparameter_has_a_knob_of_the_name_the_list_gives_it()
    {
        var jsonNames = typeof(Hyperparameters).GetProperties().Select(p => TrialSpec.Json.PropertyNamingPolicy!.ConvertName(p.Name)).ToList();

        Assert.Equal(Knobs.Names.Count, jsonNames.Count);
        Assert.All(jsonNames, name => Assert.Contains(KnobsBeyondPreset.KnobName(name), Knobs.Names));
    }
}

using Sweep.Tests.Support;
using Sweep.Training.Specs;

namespace Sweep.Tests.Training;

/// <summary>
/// A change to how a method trains or a dataset is scored gives the trials it concerns a new
/// revision, and so new ids; trials it does not concern keep theirs.
/// </summary>
public sealed class RevisionTests
{
    [Fact]
    public void Trials_no_change_concerns_keep_the_ids_they_had_before_revisions()
    {
        // Ids from Sweep before revision 1 (sweep trial --json of commit 1f8cfbb).
        Assert.Equal("34fb168303eb626c", Specs.Trial("ring", "gan", "covering", "multimodal", seed: 1, iterations: 300).TrialId);
        Assert.Equal(0, Specs.Trial("grid", "gan", preset: "veegan").Revision);
        Assert.DoesNotContain("revision", Specs.Trial("ring", "gan").CanonicalJson());
    }

    [Theory]
    [InlineData("ring", "unrolled", null)]
    [InlineData("ring", "gan", "metz")]
    [InlineData("grid", "ali", null)]
    [InlineData("ring", "veegan", null)]
    [InlineData("hd1200", "gan", null)]
    [InlineData("stacked-mnist", "gan", null)]
    [InlineData("cifar10", "veegan", null)]
    public void Trials_a_change_concerns_are_revision_1_with_new_ids(string dataset, string method, string? preset)
    {
        var spec = Specs.Trial(dataset, method, preset: preset);
        var before = spec with { Revision = 0 };

        Assert.Equal(1, spec.Revision);
        Assert.True(Revisions.IsStale(before));
        Assert.False(Revisions.IsStale(spec));
        Assert.NotEqual(before.TrialId, spec.TrialId);
        Assert.NotEmpty(Revisions.Since(before));
        Assert.Equal(spec, TrialSpec.FromJson(spec.CanonicalJson()));
    }

    [Theory]
    [InlineData("gan", "unrolled_g_loss", "non-saturating", "method unrolled")]
    [InlineData("veegan", "ali_encoder", "deterministic", "method ali")]
    [InlineData("ali", "veegan_batch", "fresh", "method veegan")]
    public void A_knob_of_another_method_is_refused(string method, string knob, string value, string says)
    {
        var error = Assert.Throws<SpecException>(() => new TrialRequest { Dataset = "ring", Method = method, Overrides = [new(knob, value)] }.Resolve());

        Assert.Equal(knob, error.Key);
        Assert.Contains(says, error.Problem);
    }

    [Fact]
    public void Method_knobs_take_their_values_and_defaults_and_the_mlp_knobs_stay_off_images()
    {
        Assert.Equal(UnrolledGeneratorLoss.NonSaturating, Specs.Trial("ring", "unrolled", set: [("unrolled_g_loss", "non-saturating")]).Hyper.UnrolledGLoss);
        Assert.Equal(AliEncoder.NoiseInput, Specs.Trial("ring", "ali", set: [("ali_encoder", "noise-input")]).Hyper.AliEncoder);
        Assert.Equal(GeneratorBatch.Shared, Specs.Trial("ring", "veegan").Hyper.VeeganBatch);
        Assert.Null(Specs.Trial("ring", "gan").Hyper.AliEncoder);
        Assert.Equal("weight_init", Assert.Throws<SpecException>(() =>
            new TrialRequest { Dataset = "cifar10", Method = "gan", Overrides = [new("weight_init", "orthogonal")] }.Resolve()).Key);
        Assert.Equal("weight_init_gain", Assert.Throws<SpecException>(() =>
            new TrialRequest { Dataset = "ring", Method = "gan", Overrides = [new("weight_init_gain", "2")] }.Resolve()).Key);
        // Spelling out the framework's default is no setting at all: the trial is the same trial.
        Assert.Equal(Specs.Trial("ring", "gan").TrialId, Specs.Trial("ring", "gan", set: [("weight_init", "default")]).TrialId);
        Assert.Null(Specs.Trial("ring", "unrolled", set: [("weight_init", "default")]).Hyper.WeightInitGain);
    }
}

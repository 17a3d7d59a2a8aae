using Sweep.Tests.Support;
using Sweep.Training.Running;
using Xunit.Abstractions;

namespace Sweep.Tests.Training;

/// <summary>
/// LO17's claim at a CI-sized budget: on the ring, covering init + multimodal noise captures more
/// modes than the framework's init with unimodal noise, over several seeds.
/// </summary>
/// <remarks>
/// Uses the lo17 preset with Adam at lr 1e-4, β1 0.5 (Metz's and VEEGAN's optimiser) instead of the
/// library defaults: at lr 1e-3 with 10 D steps per G step neither variant holds its modes at
/// budgets that fit CI (measured: 4, 3, 0 vs 4, 4, 5 modes at 3 000 iterations, seeds 1-3).
/// </remarks>
[Trait("Tier", "Full")]
[Collection(TorchTests.Name)]
public sealed class Lo17BehaviourTests(ITestOutputHelper output)
{
    private const int Iterations = 1500;
    private static readonly int[] Seeds = [1, 2, 3, 4, 5];

    private static TrialMetrics Run(string init, string noise, int seed)
    {
        var spec = Specs.Trial("ring", "gan", init, noise, seed, Iterations, preset: "lo17",
            set: [("lr_g", "1e-4"), ("lr_d", "1e-4"), ("beta1", "0.5")]);
        var result = TrialRunner.Run(spec, new TrialRunOptions(), CancellationToken.None);
        Assert.Equal(TrialOutcome.Completed, result.Outcome);
        return result.Metrics!;
    }

    [Fact]
    public void Covering_init_and_multimodal_noise_capture_more_ring_modes_than_neither()
    {
        TorchSharp.torch.set_num_threads(Math.Min(2, Environment.ProcessorCount));
        var treated = Seeds.Select(s => Run("covering", "multimodal", s)).ToArray();
        var baseline = Seeds.Select(s => Run("normal", "unimodal", s)).ToArray();

        for (var i = 0; i < Seeds.Length; i++)
            output.WriteLine($"seed {Seeds[i]}: covering+multimodal {treated[i].Modes}/8 modes, HQ {treated[i].HighQuality:P1}; " +
                             $"normal+unimodal {baseline[i].Modes}/8 modes, HQ {baseline[i].HighQuality:P1}");

        Assert.True(treated.Sum(m => m.Modes) > baseline.Sum(m => m.Modes),
            $"covering+multimodal captured {treated.Sum(m => m.Modes)} modes over {Seeds.Length} seeds, normal+unimodal {baseline.Sum(m => m.Modes)}");
    }
}

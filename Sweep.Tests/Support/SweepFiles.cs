namespace Sweep.Tests.Support;

/// <summary>Sweep file texts for tests: ring GANs with tiny budgets.</summary>
public static class SweepFiles
{
    public static string Ring(string name, int seeds, int iterations = 50, string inits = "normal", string noises = "unimodal", string extra = "") => $"""
        name: {name}
        grid:
          dataset: ring
          method: gan
          init: [{inits}]
          noise: [{noises}]
          seed: {seeds}
        iterations: {iterations}
        {extra}
        """;
}

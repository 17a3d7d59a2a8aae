namespace Sweep.Training.Specs;

/// <summary>
/// Sweep's definitions of a trial — how its method trains, how it is scored — change when a review
/// finds them unfaithful to a paper. Each trial records the revision it was resolved under (part of
/// its id), so results from an earlier definition are never taken for current ones: they keep their
/// old ids, resuming a sweep names what changed, and tables leave them out.
/// </summary>
public static class Revisions
{
    /// <summary>One change of definition and the trials it concerns.</summary>
    public sealed record Change(int Revision, string Summary, Func<TrialSpec, bool> Concerns);

    public static IReadOnlyList<Change> Changes { get; } =
    [
        new(1, "unrolled: the generator minimises Metz et al.'s saddle objective (the real-data term included), not the non-saturating loss",
            s => s.Method == MethodKind.Unrolled),
        new(1, "metz preset: orthogonal weights (scale 0.8) and the discriminator's input scaled by 1/4, as Metz et al.'s appendix",
            s => s.Preset == Presets.Metz),
        new(1, "ali: a stochastic (Gaussian) encoder, not a deterministic one", s => s.Method == MethodKind.Ali),
        new(1, "veegan: G and F update on the discriminator's batch, as VEEGAN's notebook", s => s.Method == MethodKind.Veegan),
        new(1, "hd1200: modes and high quality under VEEGAN's literal rule (within 10 σ of the mean); the shell rule is reported beside",
            s => s.Dataset == DatasetKind.Hd1200),
        new(1, "images: IvOM in pixel MSE on [0, 1] (VEEGAN's units); Stacked MNIST's IvOM targets are digits held out of training",
            s => s.Dataset.IsImage()),
    ];

    /// <summary>The revision a trial resolved today gets: the latest change that concerns it, 0 if none.</summary>
    public static int Current(TrialSpec spec) => Changes.Where(c => c.Concerns(spec)).Select(c => c.Revision).DefaultIfEmpty(0).Max();

    /// <summary>True when a stored trial was defined before a change that concerns it.</summary>
    public static bool IsStale(TrialSpec stored) => stored.Revision < Current(stored);

    /// <summary>What changed for this stored trial since its revision.</summary>
    public static IEnumerable<Change> Since(TrialSpec stored) => Changes.Where(c => c.Revision > stored.Revision && c.Concerns(stored));
}

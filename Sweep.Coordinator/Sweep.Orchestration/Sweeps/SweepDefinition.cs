namespace Sweep.Orchestration.Sweeps;

/// <summary>A validated sweep file: the grid's axes and the knobs applied to its trials.</summary>
public sealed record SweepDefinition
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyList<string> Datasets { get; init; }
    public required IReadOnlyList<string> Methods { get; init; }
    public required IReadOnlyList<string> Inits { get; init; }
    public required IReadOnlyList<string> Noises { get; init; }
    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>Seeds added until each group's interval is narrow enough (<c>grid.seed: {start, max, until}</c>); <see cref="Seeds"/> are then 1..start.</summary>
    public AdaptiveSeeds? Adaptive { get; init; }
    public TrialSettings Settings { get; init; } = new();
    public IReadOnlyList<AxisOverride> Overrides { get; init; } = [];

    /// <summary>Trials run at once in embedded mode; null means one per core.</summary>
    public int? Concurrency { get; init; }
}

/// <summary>Preset, budget and knob values; later settings win key by key.</summary>
public sealed record TrialSettings
{
    public string? Preset { get; init; }
    public int? Iterations { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Set { get; init; } = [];

    public TrialSettings Then(TrialSettings later) => new()
    {
        Preset = later.Preset ?? Preset,
        Iterations = later.Iterations ?? Iterations,
        Set = [.. Set, .. later.Set],
    };
}

/// <summary>Settings for the trials whose axis values match every entry of <see cref="When"/>.</summary>
public sealed record AxisOverride(IReadOnlyDictionary<string, string> When, TrialSettings Settings)
{
    public bool Matches(string dataset, string method, string init, string noise) =>
        When.All(w => w.Key switch
        {
            "dataset" => w.Value == dataset,
            "method" => w.Value == method,
            "init" => w.Value == init,
            _ => w.Value == noise,
        });
}

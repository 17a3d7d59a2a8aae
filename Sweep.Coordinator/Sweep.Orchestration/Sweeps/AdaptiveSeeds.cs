using Sweep.Reporting;
using Sweep.Reporting.Statistics;

namespace Sweep.Orchestration.Sweeps;

/// <summary>
/// <c>grid.seed: {start: 3, max: 30, step: 1, until: {metric: modes, ci95_halfwidth: 0.5}}</c>: each
/// group starts with seeds 1..start; when all its seeds have finished and the bootstrap 95% interval
/// of the metric's mean (<see cref="SeedStatistics"/>) is wider than ±<see cref="HalfWidth"/>, seeds
/// <c>n+1..n+step</c> are added, up to <see cref="Max"/>. Seed numbers run on from the last, so the
/// trials of seeds 1..n are those of a fixed sweep with <c>seed: n</c>.
/// </summary>
public sealed record AdaptiveSeeds(int Start, int Max, int Step, SeedMetric Metric, double HalfWidth)
{
    public enum State
    {
        /// <summary>Some of the group's seeds have not finished.</summary>
        Running,

        /// <summary>Finished, and the interval is still too wide (or there are fewer than 3 values): more seeds come.</summary>
        Adding,

        /// <summary>The interval's half-width is at most the target.</summary>
        Settled,

        /// <summary>Max seeds ran and the interval is still wider than the target.</summary>
        AtMax,
    }

    /// <summary>Where a group stands: its state and its interval's half-width now (null with fewer than 3 values).</summary>
    /// <param name="seeds">The group's seeds so far.</param>
    /// <param name="finished">Whether every one of them is in a final state.</param>
    /// <param name="values">The metric of those that completed.</param>
    public (State State, double? HalfWidth) Judge(int seeds, bool finished, IReadOnlyList<double> values)
    {
        var halfWidth = values.Count == 0 ? null : SeedStatistics.Of(values).MeanCi?.HalfWidth;
        var state = !finished ? State.Running
            : halfWidth <= HalfWidth ? State.Settled
            : seeds >= Max ? State.AtMax
            : State.Adding;
        return (state, halfWidth);
    }

    /// <summary>The seeds to add after <paramref name="seeds"/> (1..seeds ran): the next <see cref="Step"/>, none past <see cref="Max"/>.</summary>
    public IReadOnlyList<int> Next(int seeds) => [.. Enumerable.Range(seeds + 1, Math.Max(0, Math.Min(Step, Max - seeds)))];

    /// <summary>How the rule reads in status lines: "modes until ±0.5 (95% CI), 3 to 30 seeds, 1 at a time".</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Metric.Name()} until ±{HalfWidth} (95% CI), {Start} to {Max} seeds, {Step} at a time");
}

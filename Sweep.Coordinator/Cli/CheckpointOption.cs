using System.CommandLine;
using Sweep.Cluster.Hosting;
using Sweep.Training.Running;

namespace Sweep.Coordinator.Cli;

/// <summary><c>--checkpoint-every</c>: how often the in-process node's running trials checkpoint (sweep-node has the same option).</summary>
public static class CheckpointOption
{
    public static Option<string?> Create() => new("--checkpoint-every")
    {
        Description = $"How often a running trial checkpoints, by wall time (default {CheckpointCadence.Default.Interval.TotalMinutes:0}m, " +
                      $"never more often than every {CheckpointCadence.Default.MinIterations} iterations); it also checkpoints when stopped.",
    };

    public static CheckpointCadence Resolve(string? value) => value is null
        ? CheckpointCadence.Default
        : LayeredSettings.ParseDuration(value) is { } interval
            ? CheckpointCadence.Default with { Interval = interval }
            : throw new UsageException($"--checkpoint-every: '{value}' is not accepted; expected a duration from 0 to 24h such as 30s, 5m or 1h.");
}

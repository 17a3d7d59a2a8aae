using Sweep.Training.Specs;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// Refuses, before anything is written, a trial that would need more memory than this machine
/// has (its node, when the sweep runs in this process). Cluster nodes check each trial themselves.
/// </summary>
public static class MemoryCheck
{
    public static void RequireFits(IEnumerable<TrialSpec> grid, string source, long available)
    {
        var largest = grid.Select(t => (Trial: t, Memory: TrialMemory.Of(t))).MaxBy(t => t.Memory.Bytes);
        if (largest.Trial is not null && largest.Memory.Bytes > available)
            throw new UsageException(
                $"{source}: trial {largest.Trial.Label} needs about {largest.Memory}; this machine has {TrialMemory.Gib(available)}. " +
                "Lower that setting, or submit the sweep to a cluster whose nodes have the memory (sweep submit).");
    }

    public static void RequireFits(IEnumerable<TrialSpec> grid, string source) =>
        RequireFits(grid, source, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
}

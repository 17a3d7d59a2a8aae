using System.CommandLine;
using Sweep.Cluster.Hosting;

namespace Sweep.Coordinator.Cli;

/// <summary><c>--slots</c> (trials at once), <c>--threads-per-trial</c> (torch threads each) and <c>--device</c> (where each slot trains) for the in-process node.</summary>
public static class SlotOptions
{
    public static Option<int?> Slots() => new("--slots")
    {
        Description = "Trials trained at once (default: the sweep's concurrency, else one per core).",
    };

    public static Option<int?> ThreadsPerTrial() => new("--threads-per-trial")
    {
        Description = "Torch intra-op threads per trial (default: cores / slots, at least 1).",
    };

    public static Option<string?> Device() => new("--device")
    {
        Description = "Where trials train: cpu (default), or CUDA devices the slots share round-robin, e.g. cuda:0,cuda:1 (the CUDA build, on a machine with them).",
    };

    /// <summary>Each slot's device; refused (exit 2) naming why when a CUDA device is not there.</summary>
    public static IReadOnlyList<string> Devices(string? device, int slots) => SlotDevices.Assign(device ?? "cpu", slots, "--device");

    public static (int Slots, int Threads) Resolve(int? slots, int? threads, int? concurrency)
    {
        var slotCount = slots ?? concurrency ?? Environment.ProcessorCount;
        if (slotCount < 1) throw new UsageException($"--slots: '{slotCount}' is not accepted; expected an integer >= 1.");
        var threadCount = threads ?? Math.Max(1, Environment.ProcessorCount / slotCount);
        if (threadCount < 1) throw new UsageException($"--threads-per-trial: '{threadCount}' is not accepted; expected an integer >= 1.");
        return (slotCount, threadCount);
    }
}

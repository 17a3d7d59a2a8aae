using System.CommandLine;

namespace Sweep.Coordinator.Cli;

/// <summary><c>--threads</c>: torch intra-op threads for this process.</summary>
public static class ThreadsOption
{
    public static Option<int> Create() => new("--threads")
    {
        Description = "Torch intra-op threads (default: all cores). Results are bit-identical only for equal thread counts.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static void Apply(int threads)
    {
        if (threads < 1)
            throw new UsageException($"--threads: '{threads}' is not accepted; expected an integer >= 1.");
        TorchSharp.torch.set_num_threads(threads);
    }
}

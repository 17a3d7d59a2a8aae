using Sweep.Cluster.Hosting;

namespace Sweep.Tests.Cluster.Hosting;

/// <summary>What a node's devices are, as each attempt records them.</summary>
public sealed class ProcessorsTests
{
    [Fact]
    public void A_node_names_its_cpu_as_linux_does_and_each_gpu_once_leaving_out_one_it_cannot_name()
    {
        var asked = new List<int>();

        var names = Processors.Describe(["cpu", "cuda:0", "cuda:1", "cuda:0", "cpu"], index =>
        {
            asked.Add(index);
            return index == 0 ? "NVIDIA H200" : null;
        });

        Assert.Equal([0, 1], asked);
        Assert.Equal(new Dictionary<string, string> { ["cpu"] = CpuModelName(), ["cuda:0"] = "NVIDIA H200" }, names);
    }

    [Fact]
    public void A_cpu_whose_trials_flush_subnormals_says_so_and_a_gpu_does_not()
    {
        var names = Processors.Describe(["cpu", "cuda:0"], _ => "NVIDIA H200", denormalsFlushed: true);

        Assert.Equal(FlushingCpu(), names["cpu"]);
        Assert.Equal("NVIDIA H200", names["cuda:0"]);
    }

    /// <summary>How a node that flushes subnormals (the default) names this machine's CPU.</summary>
    internal static string FlushingCpu() => CpuModelName() + ", denormals flushed to zero";

    /// <summary>The first "model name" of /proc/cpuinfo, read here without the code under test.</summary>
    internal static string CpuModelName() =>
        File.ReadLines("/proc/cpuinfo").First(line => line.StartsWith("model name", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
}

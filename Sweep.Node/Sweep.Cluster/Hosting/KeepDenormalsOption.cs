using System.CommandLine;

namespace Sweep.Cluster.Hosting;

/// <summary><c>--keep-denormals</c>: train with subnormal floats computed, not flushed to zero (see <c>DenormalFlushing</c>).</summary>
public static class KeepDenormalsOption
{
    public const string Description =
        "Compute subnormal floats instead of flushing them to zero on the trials' CPU threads (the default flushes, as TensorFlow does; " +
        "a saturated discriminator makes them, and one unrolled GAN trial ran 28% slower computing them). " +
        "Results are bit-identical only under the same setting.";

    public static Option<bool> Create() => new("--keep-denormals") { Description = Description };
}

using Sweep.Training.Data.Images;
using Sweep.Training.Running;
using Sweep.Training.Specs;

namespace Sweep.Cluster.Trials;

/// <summary>
/// Trains one trial to its end on the calling thread. The real one is <see cref="TorchTrialTrainer"/>;
/// benchmarks and coordinator tests plug in trainers that return at once or sleep.
/// </summary>
public interface ITrialTrainer
{
    TrialResult Train(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation);
}

/// <summary>The training core: <see cref="TrialRunner"/>, with this node's data locations (the environment's when null).</summary>
public sealed class TorchTrialTrainer(DataLocations? data = null) : ITrialTrainer
{
    public TrialResult Train(TrialSpec spec, TrialRunOptions options, CancellationToken cancellation) =>
        TrialRunner.Run(spec, options with { Data = data ?? options.Data }, cancellation);
}

using Sweep.Training.Data;
using Sweep.Training.Data.Images;
using Sweep.Training.Init;
using Sweep.Training.Methods;
using Sweep.Training.Models;
using Sweep.Training.Noise;
using Sweep.Training.Scoring;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;
using static TorchSharp.torch;

namespace Sweep.Training.Running;

/// <summary>
/// Everything one trial trains with, built from its spec's seed streams: data, noise, networks,
/// optimisers and the training generator. <see cref="TrialRunner"/> drives it; benchmarks and
/// tests use it to step a trial by hand. Owns its tensors: use and dispose on one thread.
/// </summary>
public sealed class TrialSession : IDisposable
{
    private readonly RealData _real;
    private readonly Generator _training;
    private readonly ITrialEvaluator _evaluator;

    /// <param name="locations">Where image data lives on this node; the environment's when null.</param>
    /// <param name="device">Where every tensor of the trial lives; the CPU when null.</param>
    public TrialSession(TrialSpec spec, DataLocations? locations = null, Device? device = null)
    {
        Spec = spec;
        Device = device ?? CPU;
        (Data, _evaluator) = DatasetFactory.Create(spec, locations ?? DataLocations.FromEnvironment(), Device);
        Categories = spec.Noise == NoiseKind.Multimodal ? ResolveCategories(spec, Data) : null;
        Noise = NoiseSampler.For(spec.Noise, spec.Hyper, Categories ?? 0);
        using (var fixedData = SeedStreams.For(spec.Seed, SeedStreams.FixedData, Device))
            _real = spec.Hyper.FixedDataset ? RealData.Fixed(Data, spec.Hyper.DatasetSize, fixedData) : RealData.Fresh(Data);
        using (var init = SeedStreams.For(spec.Seed, SeedStreams.Init))
            Method = MethodFactory.Create(spec.Method, spec.Hyper, Noise, new NetworkFactory(spec.Hyper, Data.Dim, Data.Image, init, Device));
        _training = SeedStreams.For(spec.Seed, SeedStreams.Train, Device);
        Context = new TrainingContext(_real, Noise, _training, spec.Hyper.BatchSize, spec.Hyper.DSteps);
    }

    public TrialSpec Spec { get; }
    public Device Device { get; }
    public IDataset Data { get; }
    public NoiseSampler Noise { get; }
    public IGanMethod Method { get; }
    public TrainingContext Context { get; }

    /// <summary>c used by multimodal noise (estimated when the spec says auto); null for unimodal.</summary>
    public int? Categories { get; }

    public CoveringInit.Outcome ApplyCoveringInit(CancellationToken cancellation)
    {
        using var covering = SeedStreams.For(Spec.Seed, SeedStreams.Covering, Device);
        return CoveringInit.Run(Method.Generator, Data, Noise, Spec.Hyper, covering, cancellation);
    }

    public IterationLosses Step() => Method.Step(Context);

    /// <summary>Scores the generator as the dataset's paper does, with draws from the eval seed stream.</summary>
    public TrialMetrics Evaluate()
    {
        using var eval = SeedStreams.For(Spec.Seed, SeedStreams.Eval, Device);
        return _evaluator.Evaluate(Method.Generator, Noise, eval);
    }

    /// <summary>The cheaper score behind the training curves (<see cref="ITrialEvaluator.EvaluateProgress"/>).</summary>
    public TrialMetrics EvaluateProgress(Generator random) => _evaluator.EvaluateProgress(Method.Generator, Noise, random);

    public byte[] Checkpoint(int iteration, TrialTrace? trace = null) => CheckpointFormat.Write(iteration, Method, _training, trace);

    /// <summary>
    /// Restores a checkpoint of this trial, taken on any device: the iteration it was taken at and the
    /// trace recorded until then. The training stream continues where it was when the checkpoint's
    /// device type is this session's; otherwise (its state has another form) it restarts from the seed
    /// and the iteration (<see cref="SeedStreams.Resumed"/>).
    /// </summary>
    public (int Iteration, TrialTrace? Trace) Restore(byte[] checkpoint) => CheckpointFormat.Read(checkpoint, Method, _training, Spec.Seed);

    private int ResolveCategories(TrialSpec spec, IDataset data)
    {
        if (spec.Hyper.Categories > 0) return spec.Hyper.Categories;
        using var random = SeedStreams.For(spec.Seed, SeedStreams.Categories, Device);
        using var sample = data.Sample(2000, random);
        return CategoryEstimator.Estimate(sample, spec.Hyper.CategoriesMax, random).Categories;
    }

    public void Dispose()
    {
        Method.Dispose();
        _training.Dispose();
        _real.Dispose();
        Data.Dispose();
    }
}

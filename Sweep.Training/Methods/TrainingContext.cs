using Sweep.Training.Data;
using Sweep.Training.Noise;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

/// <summary>What a method draws its batches from; every draw uses the trial's training generator.</summary>
public sealed class TrainingContext(RealData data, NoiseSampler noise, Generator generator, int batchSize, int dSteps)
{
    public RealData Data { get; } = data;
    public NoiseSampler Noise { get; } = noise;
    public Generator Generator { get; } = generator;
    public int BatchSize { get; } = batchSize;
    public int DSteps { get; } = dSteps;

    public Tensor Real(long n) => Data.Next(n, Generator);

    public Tensor Latent(long n) => Noise.Latent(n, Generator);

    public Tensor GeneratorInput(Tensor latent) => Noise.GeneratorInput(latent, Generator);
}

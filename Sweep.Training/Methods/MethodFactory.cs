using Sweep.Training.Models;
using Sweep.Training.Noise;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

public static class MethodFactory
{
    public static IGanMethod Create(MethodKind method, Hyperparameters hyper, NoiseSampler noise, NetworkFactory networks) =>
        method switch
        {
            MethodKind.Gan => new GanMethod(hyper, noise.GeneratorInputDims, networks),
            MethodKind.Unrolled => new UnrolledGanMethod(hyper, noise.GeneratorInputDims, networks),
            MethodKind.Veegan => new VeeganMethod(hyper, noise.LatentDims, noise.GeneratorInputDims, networks),
            MethodKind.Ali => new AliMethod(hyper, noise.LatentDims, noise.GeneratorInputDims, networks),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
}

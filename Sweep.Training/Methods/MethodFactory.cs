using Sweep.Training.Noise;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Methods;

public static class MethodFactory
{
    public static IGanMethod Create(MethodKind method, Hyperparameters hyper, NoiseSampler noise, int dataDims, Generator initGenerator) =>
        method switch
        {
            MethodKind.Gan => new GanMethod(hyper, noise.GeneratorInputDims, dataDims, initGenerator),
            MethodKind.Unrolled => new UnrolledGanMethod(hyper, noise.GeneratorInputDims, dataDims, initGenerator),
            MethodKind.Veegan => new VeeganMethod(hyper, noise.LatentDims, noise.GeneratorInputDims, dataDims, initGenerator),
            MethodKind.Ali => new AliMethod(hyper, noise.LatentDims, noise.GeneratorInputDims, dataDims, initGenerator),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
}

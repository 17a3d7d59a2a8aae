using TorchSharp;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Data.Images;

/// <summary>Image bytes as the networks see them.</summary>
public static class PixelScale
{
    private static readonly Scalar HalfRange = Held.Constant(127.5);

    /// <summary>Bytes 0..255 → [-1, 1], the generator's tanh range.</summary>
    public static Tensor ToSigned(Tensor bytes) => bytes.to_type(ScalarType.Float32).div_(HalfRange).sub_(Held.One);
}

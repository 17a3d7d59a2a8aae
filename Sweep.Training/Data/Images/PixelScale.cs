using TorchSharp;
using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Data.Images;

/// <summary>Image bytes as the networks see them.</summary>
public static class PixelScale
{
    private static readonly Scalar HalfRange = Held.Constant(127.5);

    /// <summary>
    /// A squared error between pixels on [-1, 1] (what the nets see) as one between pixels on [0, 1]
    /// (VEEGAN's IvOM units): the range halves, so squares shrink by 4.
    /// </summary>
    public const double SquaredErrorToUnitRange = 0.25;

    /// <summary>Bytes 0..255 → [-1, 1], the generator's tanh range.</summary>
    public static Tensor ToSigned(Tensor bytes) => bytes.to_type(ScalarType.Float32).div_(HalfRange).sub_(Held.One);
}

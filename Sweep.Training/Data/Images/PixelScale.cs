using static TorchSharp.torch;

namespace Sweep.Training.Data.Images;

/// <summary>Image bytes as the networks see them.</summary>
public static class PixelScale
{
    /// <summary>Bytes 0..255 → [-1, 1], the generator's tanh range.</summary>
    public static Tensor ToSigned(Tensor bytes) => bytes.to_type(ScalarType.Float32).div_(127.5).sub_(1);
}

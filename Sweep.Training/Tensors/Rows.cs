using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Tensors;

/// <summary>Rows of a tensor picked by index, on whatever device both live.</summary>
public static class Rows
{
    /// <summary>
    /// <c>source[indices]</c> along the first dimension: <c>index_select</c>, except on the <c>meta</c>
    /// device, where libtorch has no kernel for it and advanced indexing gives the same shape.
    /// </summary>
    public static Tensor Pick(Tensor source, Tensor indices) =>
        source.device_type == DeviceType.META ? source[TensorIndex.Tensor(indices)] : source.index_select(0, indices);
}

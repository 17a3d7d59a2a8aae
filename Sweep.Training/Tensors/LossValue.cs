using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Tensors;

/// <summary>
/// A one-element tensor's value on the CPU. A tensor on the <c>meta</c> device has a shape and no
/// values (the proof that a trial's tensors all live on its device runs there): its value is NaN.
/// </summary>
public static class LossValue
{
    public static double Of(Tensor scalar) => scalar.device_type == DeviceType.META ? double.NaN : scalar.item<float>();
}

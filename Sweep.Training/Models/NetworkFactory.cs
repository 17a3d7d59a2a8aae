using TorchSharp;
using Sweep.Training.Data;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// The networks a method asks for, shaped by the data: MLPs for vectors (the papers' 2-D and
/// hd1200 nets), DCGAN-style convolutional nets for images. Each network is initialised from the
/// trial's init stream as it is made, in the order the method asks for them (MLPs orthogonally when
/// <c>weight_init</c> says so); MLP discriminators scale their input by <c>d_input_scale</c>.
/// The weights are drawn on the CPU, whatever the trial's device, then the network moves to
/// <paramref name="device"/>: a seed gives the same initial networks on every device.
/// </summary>
public sealed class NetworkFactory(Hyperparameters hyper, int dataDims, ImageShape? image, Generator init, Device? device = null)
{
    /// <summary>Where the networks, and every tensor a method keeps beside them, live.</summary>
    public Device Device { get; } = device ?? CPU;

    public int DataDims { get; } = dataDims;

    public Network Generator(int inputDims) => Initialised(image is null
        ? new Mlp("G", inputDims, hyper.GLayers, hyper.GWidth, DataDims)
        : new DcganGenerator(inputDims, image, hyper.GWidth));

    public Network Discriminator() => Initialised(image is null
        ? new Mlp("D", DataDims, hyper.DLayers, hyper.DWidth, 1, hyper.DInputScale)
        : new DcganDiscriminator(image, hyper.DWidth));

    /// <summary>
    /// x → z: VEEGAN's reconstructor (F) or ALI's encoder (E), with <paramref name="outputs"/> values per
    /// row (2·|z| for a Gaussian's mean and log std). With <paramref name="noiseBeside"/> it reads rows
    /// [x, ε] with ε the size of x (for images: as many more channels).
    /// </summary>
    public Network Inverse(string name, int outputs, bool noiseBeside = false) => Initialised(image is null
        ? new Mlp(name, noiseBeside ? 2 * DataDims : DataDims, hyper.FLayers, hyper.FWidth, outputs)
        : new ConvEncoder(name, noiseBeside ? image with { Channels = 2 * image.Channels } : image, hyper.FWidth, outputs));

    /// <summary>D on rows [z, x].</summary>
    public Network JointDiscriminator(int latentDims) => Initialised(image is null
        ? new Mlp("D", latentDims + DataDims, hyper.DLayers, hyper.DWidth, 1, hyper.DInputScale)
        : new JointConvDiscriminator(image, latentDims, hyper.DWidth));

    private Network Initialised(Network network)
    {
        if (network is Mlp && hyper.WeightInit == WeightInit.Orthogonal) ParameterInit.Orthogonal(network, hyper.WeightInitGain ?? 1, init);
        else network.ResetParameters(init);
        if (Device.type != DeviceType.CPU) network.to(Device);
        return network;
    }
}

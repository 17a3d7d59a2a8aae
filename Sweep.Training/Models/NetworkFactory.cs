using Sweep.Training.Data;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// The networks a method asks for, shaped by the data: MLPs for vectors (the papers' 2-D and
/// hd1200 nets), DCGAN-style convolutional nets for images. Each network is initialised from the
/// trial's init stream as it is made, in the order the method asks for them (MLPs orthogonally when
/// <c>weight_init</c> says so); MLP discriminators scale their input by <c>d_input_scale</c>.
/// </summary>
public sealed class NetworkFactory(Hyperparameters hyper, int dataDims, ImageShape? image, Generator init)
{
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
        return network;
    }
}

using Sweep.Training.Data;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// The networks a method asks for, shaped by the data: MLPs for vectors (the papers' 2-D and
/// hd1200 nets), DCGAN-style convolutional nets for images. Each network is initialised from the
/// trial's init stream as it is made, in the order the method asks for them.
/// </summary>
public sealed class NetworkFactory(Hyperparameters hyper, int dataDims, ImageShape? image, Generator init)
{
    public int DataDims { get; } = dataDims;

    public Network Generator(int inputDims) => Initialised(image is null
        ? new Mlp("G", inputDims, hyper.GLayers, hyper.GWidth, DataDims)
        : new DcganGenerator(inputDims, image, hyper.GWidth));

    public Network Discriminator() => Initialised(image is null
        ? new Mlp("D", DataDims, hyper.DLayers, hyper.DWidth, 1)
        : new DcganDiscriminator(image, hyper.DWidth));

    /// <summary>x → z: VEEGAN's reconstructor (F) or ALI's encoder (E).</summary>
    public Network Inverse(string name, int latentDims) => Initialised(image is null
        ? new Mlp(name, DataDims, hyper.FLayers, hyper.FWidth, latentDims)
        : new ConvEncoder(name, image, hyper.FWidth, latentDims));

    /// <summary>D on rows [z, x].</summary>
    public Network JointDiscriminator(int latentDims) => Initialised(image is null
        ? new Mlp("D", latentDims + DataDims, hyper.DLayers, hyper.DWidth, 1)
        : new JointConvDiscriminator(image, latentDims, hyper.DWidth));

    private Network Initialised(Network network)
    {
        network.ResetParameters(init);
        return network;
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// Reads a network's state, as <c>Module.save</c> wrote it, into the network's own tensors on
/// whatever device they live. TorchSharp's <c>Module.load</c> moves a module that is not on the
/// CPU there and back, which replaces its parameters with new tensors: the optimiser (and
/// <see cref="FlatAdam"/>'s flat buffers, which the parameters are views of) would go on updating
/// the old ones. <c>Tensor.Load</c> copies into a tensor wherever it is.
/// </summary>
public static class InPlaceLoad
{
    public static void Into(nn.Module network, BinaryReader reader)
    {
        var state = network.state_dict();
        var entries = reader.Read7BitEncodedInt64();   // TorchSharp writes the count as LEB128, which this is
        if (entries != state.Count)
            throw new InvalidDataException($"the checkpoint holds {entries} tensors of {network.GetName()}, which has {state.Count}");
        for (var i = 0; i < entries; i++)
        {
            var name = reader.ReadString();
            if (!state.TryGetValue(name, out var tensor))
                throw new InvalidDataException($"the checkpoint holds a tensor '{name}' that {network.GetName()} does not have");
            tensor.Load(reader);
        }
    }
}

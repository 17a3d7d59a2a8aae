using Sweep.Training.Methods;
using static TorchSharp.torch;

namespace Sweep.Training.Running;

/// <summary>
/// A checkpoint as bytes: iteration, every network, every optimiser and the training generator's
/// state, in the method's fixed order. Bytes (not tensors) so it can travel in messages and storage.
/// </summary>
internal static class CheckpointFormat
{
    private const int Magic = 0x53574350;   // "SWCP"
    private const int Version = 1;

    public static byte[] Write(int iteration, IGanMethod method, Generator training)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(iteration);
            foreach (var network in method.Networks) network.save(writer);
            foreach (var optimizer in method.Optimizers) optimizer.save_state_dict(writer);
            using var state = training.get_state();
            var bytes = state.data<byte>().ToArray();
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        return buffer.ToArray();
    }

    /// <summary>Restores into a freshly built method and generator; returns the iteration it was taken at.</summary>
    public static int Read(byte[] checkpoint, IGanMethod method, Generator training)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != Version)
            throw new InvalidDataException("not a Sweep trial checkpoint of this version");
        var iteration = reader.ReadInt32();
        foreach (var network in method.Networks) network.load(reader);
        foreach (var optimizer in method.Optimizers) optimizer.load_state_dict(reader);
        var bytes = reader.ReadBytes(reader.ReadInt32());
        using var state = tensor(bytes);
        training.set_state(state);
        return iteration;
    }
}

using TorchSharp;
using Sweep.Training.Methods;
using Sweep.Training.Models;
using Sweep.Training.Tracing;
using static TorchSharp.torch;

namespace Sweep.Training.Running;

/// <summary>
/// A checkpoint as bytes: iteration, every network, every optimiser and the training generator's
/// state and the type of the device it drew on, in the method's fixed order, then the trial's trace
/// so far. Bytes (not tensors) so it can travel in messages and storage, and restore onto any
/// device. Versions 1 (no trace) and 2 (no device type: the CPU) still read.
/// </summary>
internal static class CheckpointFormat
{
    private const int Magic = 0x53574350;   // "SWCP"
    private const int Version = 3;

    public static byte[] Write(int iteration, IGanMethod method, Generator training, TrialTrace? trace)
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
            writer.Write((int)training.device.type);
            var traced = trace is null ? [] : TraceFormat.Write(trace);
            writer.Write(traced.Length);
            writer.Write(traced);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Restores into a freshly built method and generator, on whatever device they live; returns the
    /// iteration it was taken at and the trace. A generator state of another device type (another
    /// form) cannot be loaded: the generator is then seeded for the iteration (<see cref="SeedStreams.Resumed"/>).
    /// </summary>
    public static (int Iteration, TrialTrace? Trace) Read(byte[] checkpoint, IGanMethod method, Generator training, int seed)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        var version = reader.ReadInt32() == Magic ? reader.ReadInt32() : -1;
        if (version is not (1 or 2 or Version))
            throw new InvalidDataException("not a Sweep trial checkpoint of a version this build reads");
        var iteration = reader.ReadInt32();
        foreach (var network in method.Networks) InPlaceLoad.Into(network, reader);
        foreach (var optimizer in method.Optimizers) optimizer.load_state_dict(reader);
        var bytes = reader.ReadBytes(reader.ReadInt32());
        var drewOn = version >= 3 ? (DeviceType)reader.ReadInt32() : DeviceType.CPU;
        if (drewOn == training.device.type)
        {
            using var state = tensor(bytes);
            training.set_state(state);
        }
        else
        {
            training.manual_seed((long)SeedStreams.Derive(seed, SeedStreams.Resumed(iteration)));
        }

        if (version == 1) return (iteration, null);
        var traced = reader.ReadBytes(reader.ReadInt32());
        return (iteration, traced.Length == 0 ? null : TraceFormat.Read(traced));
    }
}

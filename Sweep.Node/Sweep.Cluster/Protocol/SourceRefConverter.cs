using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Streams;

namespace Sweep.Cluster.Protocol;

/// <summary>
/// Writes a SourceRef inside a JSON message as Akka.Streams' own serializer writes it (the stream
/// actor's address), so <see cref="TrialCheckpointOffer"/> and <see cref="ResumeFrom"/> stay
/// ordinary protocol messages.
/// </summary>
internal sealed class SourceRefConverter(ExtendedActorSystem system) : JsonConverter<ISourceRef<byte[]>>
{
    public override ISourceRef<byte[]> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var wire = JsonSerializer.Deserialize<Wire>(ref reader, options) ?? throw new JsonException("an empty SourceRef");
        return system.Serialization.Deserialize(wire.Bytes, wire.Serializer, wire.Manifest) as ISourceRef<byte[]>
               ?? throw new JsonException($"not a SourceRef of bytes: {wire.Manifest}");
    }

    public override void Write(Utf8JsonWriter writer, ISourceRef<byte[]> value, JsonSerializerOptions options)
    {
        var serializer = system.Serialization.FindSerializerFor(value);
        var wire = new Wire(serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, value), serializer.ToBinary(value));
        JsonSerializer.Serialize(writer, wire, options);
    }

    private sealed record Wire(int Serializer, string Manifest, byte[] Bytes);
}

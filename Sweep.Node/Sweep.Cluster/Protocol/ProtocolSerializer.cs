using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Sweep.Cluster.Protocol;

/// <summary>
/// The wire format of the messages between coordinator and nodes: System.Text.Json with the type
/// name as manifest. Akka's default (Newtonsoft with type names in every object) made these
/// messages the largest CPU cost of a dispatch across processes. Only the types listed here are
/// accepted from the network.
/// </summary>
public sealed class ProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly Dictionary<string, Type> Types = new[]
    {
        typeof(StartTrial), typeof(ResumeChunk), typeof(StopTrial),
        typeof(TrialStarted), typeof(TrialHeartbeat), typeof(TrialCheckpointChunk), typeof(TrialTraceChunk), typeof(TrialEnded),
        typeof(RegisterNode), typeof(NodeRegistered), typeof(NodeLeaving), typeof(NodeReleased),
    }.ToDictionary(t => t.Name);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    /// <summary>The Akka serializer id; ids up to 100 are Akka's own.</summary>
    public override int Identifier => 4711;

    /// <summary>HOCON that binds the protocol's message types to this serializer.</summary>
    public static string Bindings =>
        $$"""
          akka.actor {
            serializers.sweep-protocol = "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}"
            serialization-identifiers."{{typeof(ProtocolSerializer).AssemblyQualifiedName}}" = 4711
            serialization-bindings {
              {{string.Join("\n    ", Types.Values.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = sweep-protocol"))}}
            }
          }
          """;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options)!
            : throw new System.Runtime.Serialization.SerializationException($"not a Sweep protocol message: {manifest}");
}

using System.Collections.Concurrent;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Sweep.Cluster.Protocol;

/// <summary>
/// The wire format of every message between Sweep's processes: System.Text.Json, with the type's
/// name as manifest. Akka's default (Newtonsoft with type names in every object) made these
/// messages the largest CPU cost of a dispatch across processes, and would build any type a peer
/// names. Every <see cref="ISweepMessage"/> is bound here, and only such a type, from an assembly of
/// Sweep's already loaded, is accepted from the network.
/// </summary>
public sealed class ProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly ConcurrentDictionary<string, Type> Accepted = new();

    private readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.General) { Converters = { new SourceRefConverter(system) } };

    /// <summary>The Akka serializer id; ids up to 100 are Akka's own.</summary>
    public override int Identifier => 4711;

    /// <summary>HOCON that binds every <see cref="ISweepMessage"/> to this serializer.</summary>
    public static string Bindings =>
        $$"""
          akka.actor {
            serializers.sweep-protocol = "{{typeof(ProtocolSerializer).AssemblyQualifiedName}}"
            serialization-identifiers."{{typeof(ProtocolSerializer).AssemblyQualifiedName}}" = 4711
            serialization-bindings {
              "{{typeof(ISweepMessage).FullName}}, {{typeof(ISweepMessage).Assembly.GetName().Name}}" = sweep-protocol
            }
          }
          """;

    /// <summary>"Namespace.Type, Assembly".</summary>
    public override string Manifest(object o) => $"{o.GetType().FullName}, {o.GetType().Assembly.GetName().Name}";

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, Resolve(manifest), _options) ?? throw new SerializationException($"an empty {manifest}");

    /// <exception cref="SerializationException">The manifest names no Sweep message.</exception>
    public static Type Resolve(string manifest) => Accepted.GetOrAdd(manifest, static m =>
    {
        var parts = m.Split(", ");
        var assembly = parts.Length == 2 && parts[1].StartsWith("Sweep.", StringComparison.Ordinal)
            ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == parts[1])
            : null;
        var type = assembly?.GetType(parts[0], throwOnError: false);
        return type is { IsClass: true, IsAbstract: false } && typeof(ISweepMessage).IsAssignableFrom(type)
            ? type
            : throw new SerializationException($"not a Sweep protocol message: {m}");
    });
}

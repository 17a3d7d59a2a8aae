using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Sweep.Cluster.Protocol;

/// <summary>
/// Takes the place of Akka's default Newtonsoft serializer (identifier 1), which writes and reads
/// type names: a frame that names it could make this process build any type a peer chooses, a
/// classic remote-code-execution path. Nothing is deserialized through it, and a message without a
/// serializer of its own cannot be sent to another process by mistake.
/// </summary>
public sealed class TypeNameSerializerRefusal(ExtendedActorSystem system) : Serializer(system)
{
    public const int NewtonsoftIdentifier = 1;

    /// <summary>Akka passes the <c>json</c> serializer's settings section, which the refusal does not need.</summary>
    public TypeNameSerializerRefusal(ExtendedActorSystem system, Akka.Configuration.Config settings) : this(system)
    {
    }

    public override int Identifier => NewtonsoftIdentifier;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException($"{obj.GetType().FullName} has no serializer for the network: Sweep sends only {nameof(ISweepMessage)}s and Akka's own messages");

    public override object FromBinary(byte[] bytes, Type? type) =>
        throw new SerializationException("refused a message for Akka's type-name (Newtonsoft) serializer: Sweep deserializes no type a peer names");

    /// <summary>Rebinds Akka's <c>json</c> serializer, and with it <c>System.Object</c>, to this refusal.</summary>
    public static string Binding =>
        $$"""
          akka.actor {
            serializers.json = "{{typeof(TypeNameSerializerRefusal).AssemblyQualifiedName}}"
            serialization-identifiers."{{typeof(TypeNameSerializerRefusal).AssemblyQualifiedName}}" = {{NewtonsoftIdentifier}}
          }
          """;
}

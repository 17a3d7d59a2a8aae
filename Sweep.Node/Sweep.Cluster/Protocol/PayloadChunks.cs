namespace Sweep.Cluster.Protocol;

/// <summary>
/// Checkpoints and traces cross the network in pieces: one remote frame is capped at
/// <c>ClusterConfig.MaximumFrameBytes</c>, and a large message would also hold up the cluster's
/// own heartbeats on the same connection. Pieces of one payload come from one sender to one
/// receiver, which Akka delivers in order.
/// </summary>
public static class PayloadChunks
{
    /// <summary>48 KiB: about 64 KB once the JSON serializer has written it as base64.</summary>
    public const int ChunkBytes = 48 * 1024;

    public static int CountFor(byte[] bytes) => Math.Max(1, (bytes.Length + ChunkBytes - 1) / ChunkBytes);

    public static IEnumerable<(int Index, int Count, byte[] Part)> Split(byte[] bytes)
    {
        var count = CountFor(bytes);
        for (var index = 0; index < count; index++)
        {
            var offset = index * ChunkBytes;
            yield return (index, count, bytes[offset..Math.Min(bytes.Length, offset + ChunkBytes)]);
        }
    }
}

/// <summary>Puts one payload's pieces back together; a piece out of sequence starts over (the sender began a newer payload).</summary>
public sealed class ChunkAssembly
{
    private readonly List<byte[]> _parts = [];

    /// <returns>The whole payload once its last piece arrives, else null.</returns>
    public byte[]? Add(int index, int count, byte[] part)
    {
        if (index == 0 || index != _parts.Count) _parts.Clear();
        if (index != _parts.Count) return null;
        _parts.Add(part);
        if (_parts.Count < count) return null;
        var whole = _parts.SelectMany(p => p).ToArray();
        _parts.Clear();
        return whole;
    }
}

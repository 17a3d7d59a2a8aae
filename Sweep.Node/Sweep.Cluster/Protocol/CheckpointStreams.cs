using Akka.Streams;
using Akka.Streams.Dsl;
using Sweep.Training.Running;

namespace Sweep.Cluster.Protocol;

/// <summary>
/// How checkpoint bytes move between processes: as an Akka.Streams SourceRef of pieces, pulled by
/// the receiver with backpressure (a few pieces in flight at a time), so a large checkpoint never
/// sits in a mailbox and the connection's heartbeats pass between its pieces.
/// </summary>
public static class CheckpointStreams
{
    /// <summary>64 KiB: one piece and its envelope fit well inside a remote frame (<c>ClusterConfig.MaximumFrameBytes</c>).</summary>
    public const int PieceBytes = 64 * 1024;

    /// <summary>Offers <paramref name="bytes"/> to whoever runs the returned SourceRef (once, within the subscription timeout).</summary>
    public static Task<ISourceRef<byte[]>> Offer(byte[] bytes, IMaterializer materializer) =>
        Source.From(new Pieces(bytes)).RunWith(StreamRefs.SourceRef<byte[]>(), materializer);

    /// <summary>Pulls a whole checkpoint into memory and checks it.</summary>
    /// <exception cref="InvalidDataException">More or fewer bytes than announced, or another hash.</exception>
    public static async Task<byte[]> Receive(ISourceRef<byte[]> source, long length, string sha256, IMaterializer materializer)
    {
        if (length < 0 || length > Array.MaxLength) throw new InvalidDataException($"a checkpoint of {length} bytes cannot be held in memory");
        var bytes = new byte[length];
        var filled = 0L;
        await source.Source.RunForeach(piece =>
        {
            if (filled + piece.Length > length) throw new InvalidDataException($"the checkpoint is longer than the {length} bytes announced");
            piece.CopyTo(bytes, filled);
            filled += piece.Length;
        }, materializer).ConfigureAwait(false);
        if (filled != length) throw new InvalidDataException($"the checkpoint ended after {filled} of {length} bytes");
        var actual = TrialCheckpoint.Sha256Of(bytes);
        return actual == sha256 ? bytes : throw new InvalidDataException($"the checkpoint's SHA-256 is {actual}, not the {sha256} announced");
    }

    /// <summary>
    /// Hands out a checkpoint's pieces, once, and lets go of the checkpoint with the last one: the
    /// stream ref's stage outlives its source (it waits for the puller's termination), and an
    /// iterator method would keep the whole array alive in its state that long (measured: every
    /// 96 MB checkpoint offered stayed on the heap).
    /// </summary>
    private sealed class Pieces(byte[] bytes) : IEnumerable<byte[]>, IEnumerator<byte[]>
    {
        private byte[]? _bytes = bytes;
        private int _offset;

        public byte[] Current { get; private set; } = [];

        object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_bytes is null) return false;
            Current = _bytes[_offset..Math.Min(_bytes.Length, _offset + PieceBytes)];
            _offset += Current.Length;
            if (_offset >= _bytes.Length) _bytes = null;
            return true;
        }

        public IEnumerator<byte[]> GetEnumerator() => this;

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => this;

        public void Reset() => throw new NotSupportedException("a checkpoint's pieces are handed out once");

        public void Dispose() => _bytes = null;
    }
}

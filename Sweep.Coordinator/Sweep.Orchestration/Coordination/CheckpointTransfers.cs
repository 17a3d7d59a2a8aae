using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sweep.Cluster.Protocol;
using Sweep.Store;

namespace Sweep.Orchestration.Coordination;

/// <summary>
/// The coordinator's side of moving checkpoints, all of it off the actor's thread: an offered
/// checkpoint is pulled piece by piece into a temporary file (the disk's pace is the sender's,
/// through the stream's backpressure), sealed under its hash, and only then handed back to the
/// actor to record; a resume streams a checked file out the same way.
/// </summary>
public sealed class CheckpointTransfers(CheckpointFiles files, IMaterializer materializer)
{
    /// <summary>
    /// A transfer with no piece for this long has lost its sender (killed, partitioned): it fails,
    /// its temporary file goes, and the previous checkpoint stands. Pieces otherwise come every few ms.
    /// </summary>
    public static readonly TimeSpan PieceTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Pulls the offered bytes into a sealed checkpoint file; a short, long or different transfer leaves no file.</summary>
    public Task<StoredCheckpoint> Pull(TrialCheckpointOffer offer) => Task.Run(async () =>
    {
        using var incoming = files.Begin();
        await offer.Bytes.Source
            .IdleTimeout(PieceTimeout)
            .SelectAsync(1, async piece =>
            {
                if (incoming.Length + piece.Length > offer.Length)
                    throw new InvalidDataException($"the checkpoint is longer than the {offer.Length} bytes announced");
                await incoming.AppendAsync(piece).ConfigureAwait(false);
                return NotUsed.Instance;
            })
            .RunWith(Sink.Ignore<NotUsed>(), materializer).ConfigureAwait(false);
        return incoming.Seal(offer.Iteration, offer.Sha256, offer.Length);
    });

    /// <summary>
    /// The newest of <paramref name="candidates"/> whose file is whole and matches its hash, offered
    /// as a SourceRef for the node to pull; (null, null) when none is. Damaged ones are returned to be
    /// reported.
    /// </summary>
    public Task<(StoredCheckpoint? Chosen, ISourceRef<byte[]>? Bytes, IReadOnlyList<StoredCheckpoint> Damaged)> Serve(IReadOnlyList<StoredCheckpoint> candidates) => Task.Run(async () =>
    {
        var damaged = new List<StoredCheckpoint>();
        foreach (var candidate in candidates)
        {
            if (!files.IsIntact(candidate))
            {
                damaged.Add(candidate);
                continue;
            }

            var bytes = await FileIO.FromFile(new FileInfo(files.PathOf(candidate.Sha256)), CheckpointStreams.PieceBytes)
                .Select(piece => piece.ToArray())
                .RunWith(StreamRefs.SourceRef<byte[]>(), materializer).ConfigureAwait(false);
            return ((StoredCheckpoint?)candidate, (ISourceRef<byte[]>?)bytes, (IReadOnlyList<StoredCheckpoint>)damaged);
        }

        return (null, null, damaged);
    });
}

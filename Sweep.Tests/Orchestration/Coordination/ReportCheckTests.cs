using Akka.Streams;
using Sweep.Cluster.Protocol;
using Sweep.Orchestration.Coordination;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>Pieces a node sends are bounded in number and size, so reassembly cannot grow without limit; a checkpoint offer names its size and hash.</summary>
public sealed class ReportCheckTests : Akka.TestKit.Xunit2.TestKit
{
    private IMaterializer Materializer => Sys.Materializer();

    private static readonly byte[] Full = new byte[PayloadChunks.ChunkBytes];

    [Fact]
    public void A_piece_larger_than_a_chunk_is_malformed_and_a_full_chunk_is_not()
    {
        Assert.Null(ReportCheck.Problem(new TrialTraceChunk("t", 1, 0, 2, Full)));
        Assert.Equal("trace piece 0 of 2 does not fit", ReportCheck.Problem(new TrialTraceChunk("t", 1, 0, 2, new byte[PayloadChunks.ChunkBytes + 1])));
    }

    [Fact]
    public void A_payload_announced_beyond_one_gib_is_malformed_and_one_at_the_limit_is_not()
    {
        Assert.Null(ReportCheck.Problem(new TrialTraceChunk("t", 1, 0, ReportCheck.MaxChunks, Full)));
        Assert.NotNull(ReportCheck.Problem(new TrialTraceChunk("t", 1, 0, ReportCheck.MaxChunks + 1, Full)));
    }

    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task A_checkpoint_offer_needs_a_size_within_one_gib_an_iteration_and_a_lowercase_sha256()
    {
        var bytes = await Akka.Streams.Dsl.Source.Empty<byte[]>().RunWith(Akka.Streams.Dsl.StreamRefs.SourceRef<byte[]>(), Materializer);
        Assert.Null(ReportCheck.Problem(new TrialCheckpointOffer("t", 1, 10, ReportCheck.MaxPayloadBytes, Hash, bytes)));
        Assert.Equal($"it offered a checkpoint of {ReportCheck.MaxPayloadBytes + 1} bytes", ReportCheck.Problem(new TrialCheckpointOffer("t", 1, 10, ReportCheck.MaxPayloadBytes + 1, Hash, bytes)));
        Assert.Equal("it offered a checkpoint of 0 bytes", ReportCheck.Problem(new TrialCheckpointOffer("t", 1, 10, 0, Hash, bytes)));
        Assert.Equal("it offered a checkpoint of iteration -1", ReportCheck.Problem(new TrialCheckpointOffer("t", 1, -1, 10, Hash, bytes)));
        Assert.Equal("it offered a checkpoint without a SHA-256 in lowercase hex", ReportCheck.Problem(new TrialCheckpointOffer("t", 1, 10, 10, Hash.ToUpperInvariant(), bytes)));
        Assert.Equal("it offered a checkpoint without a SHA-256 in lowercase hex", ReportCheck.Problem(new TrialCheckpointOffer("t", 1, 10, 10, Hash[1..], bytes)));
        Assert.Equal("it offered a checkpoint without its bytes", ReportCheck.Problem(new TrialCheckpointOffer("t", 1, 10, 10, Hash, null!)));
    }
}

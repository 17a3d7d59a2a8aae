using Sweep.Cluster.Protocol;
using Sweep.Orchestration.Coordination;

namespace Sweep.Tests.Orchestration.Coordination;

/// <summary>Pieces a node sends are bounded in number and size, so reassembly cannot grow without limit.</summary>
public sealed class ReportCheckTests
{
    private static readonly byte[] Full = new byte[PayloadChunks.ChunkBytes];

    [Fact]
    public void A_piece_larger_than_a_chunk_is_malformed_and_a_full_chunk_is_not()
    {
        Assert.Null(ReportCheck.Problem(new TrialCheckpointChunk("t", 1, 10, 0, 2, Full)));
        Assert.Equal("checkpoint piece 0 of 2 does not fit", ReportCheck.Problem(new TrialCheckpointChunk("t", 1, 10, 0, 2, new byte[PayloadChunks.ChunkBytes + 1])));
        Assert.Equal("trace piece 0 of 2 does not fit", ReportCheck.Problem(new TrialTraceChunk("t", 1, 0, 2, new byte[PayloadChunks.ChunkBytes + 1])));
    }

    [Fact]
    public void A_payload_announced_beyond_one_gib_is_malformed_and_one_at_the_limit_is_not()
    {
        Assert.Null(ReportCheck.Problem(new TrialTraceChunk("t", 1, 0, ReportCheck.MaxChunks, Full)));
        Assert.NotNull(ReportCheck.Problem(new TrialTraceChunk("t", 1, 0, ReportCheck.MaxChunks + 1, Full)));
        Assert.NotNull(ReportCheck.Problem(new TrialCheckpointChunk("t", 1, 10, 0, int.MaxValue, Full)));
    }
}

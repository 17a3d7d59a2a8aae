using Sweep.Orchestration.Coordination;

namespace Sweep.Tests.Orchestration.Coordination;

public sealed class AttemptPayloadsTests
{
    [Fact]
    public void A_trace_waits_for_its_attempts_end_and_an_attempt_given_up_leaves_nothing_for_the_next()
    {
        var payloads = new AttemptPayloads();
        payloads.AddTracePiece("a", 0, 1, [7]);
        payloads.Forget("a");   // the attempt was lost; the next one sends no trace
        Assert.Null(payloads.TakeTrace("a"));

        payloads.AddTracePiece("a", 0, 2, [8]);
        payloads.AddTracePiece("a", 1, 2, [9]);
        Assert.Equal([8, 9], payloads.TakeTrace("a"));
        Assert.Null(payloads.TakeTrace("a"));
    }

    [Fact]
    public void Half_a_trace_from_an_attempt_given_up_is_not_completed_by_the_next_attempts_pieces()
    {
        var payloads = new AttemptPayloads();
        payloads.AddTracePiece("a", 0, 2, [1]);
        payloads.Forget("a");
        payloads.AddTracePiece("a", 1, 2, [2]);
        Assert.Null(payloads.TakeTrace("a"));
    }
}

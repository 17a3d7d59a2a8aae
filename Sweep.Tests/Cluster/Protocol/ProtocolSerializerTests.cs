using Akka.Actor;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Protocol;
using Sweep.Orchestration.Coordination;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Running;
using Sweep.Training.Tracing;

namespace Sweep.Tests.Cluster.Protocol;

/// <summary>The protocol's messages cross the network through <see cref="ProtocolSerializer"/> and come back equal.</summary>
public sealed class ProtocolSerializerTests : IAsyncDisposable
{
    /// <summary>A member as every Sweep process configures it, so the serializer bindings are the ones in use.</summary>
    private readonly ClusterMember _member = ClusterMember.StartAsync(ClusterOptions.Loopback(), ["trainer"]).GetAwaiter().GetResult();

    private ActorSystem _system => _member.System;

    public static TheoryData<object> Messages => new()
    {
        new StartTrial("t1", 2, "127.0.0.1:1#3", """{"dataset":"ring"}""", Resumes: true),
        new ResumeFrom("t1", 2, "127.0.0.1:1#3", 0, null, 0, null),
        new CheckpointAnswered("t1", 2, 250, Stored: true),
        new TrialStarted("t1", 2, "127.0.0.1:1", "cuda:0", 250, "NVIDIA H200"),
        new TrialEnded("t1", 2, new TrialResult("t1", TrialOutcome.Failed, new TrialMetrics(7, 8, 0.5, Kl: 0.1), 100, 50, 1.5, "cpu", 8,
            new TrialFailure("generator loss is NaN", false, 42, "g"))),
        new TrialHeartbeat("t1", 2, 10, 100, null, 0.69),
        new TrialTraceChunk("t1", 2, 0, 2, [31, 139, 8, 0]),
        new NodeLeaving("127.0.0.1:1"),
        new RegisterNode("127.0.0.1:1", ["cuda:0", "cuda:1"], new Dictionary<string, long> { ["cuda:0"] = 85_899_345_920, ["cuda:1"] = 25_769_803_776 }),
        // Client ↔ coordinator: they fell back to Akka's Newtonsoft, type names and all.
        new SubmitSweep("name: x", "x.yaml", Extend: true),
        new SweepAccepted("x", 4, new Dictionary<TrialState, int> { [TrialState.Completed] = 1, [TrialState.Pending] = 3 }, 3, 1, ["seed: added 2"]),
        new SweepTrialsListed("x", ["a", "b", "c"]),
        new TrialChanged(new TrialStatus("t1", """{"dataset":"ring"}""", TrialState.Completed, 2, 1, "127.0.0.1:1", 50, 10, 1.5,
            new TrialMetrics(7, 8, 0.5, Kl: 0.1, ShellModes: 6, ShellHighQuality: 0.25), null,
            new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 3, 5, 0, DateTimeKind.Utc), 9, Retryable: false, Device: "cuda:1",
            Processor: "NVIDIA H200", ImportedFrom: "x.json, imported 2026-12-01T15:00:00Z"), TrialState.Running),
        new SweepStored("x"),
        new SweepsListed(["x", "y"]),
        new SweepRead("x", new SweepFacts("x", "fp", "name: x", new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc), ["t1"]),
            [new TrialStatus("t1", """{"dataset":"ring"}""", TrialState.Pending, 0, 0, null, 0, 0, 0, null, null)], null),
        new TraceRead("t1", [31, 139], null),
        new TrialProgressed("t1", 2, 10, 50, 0.7, null, WaitingForSlot: true),
        new SweepSummarized(new SweepSummary("x", ["gan"], [new SweepSummary.Row("ring", ["7.0 ± 0.0"])], 4,
            new Dictionary<TrialState, int> { [TrialState.Completed] = 4 }, [])),
        new NodeList([new NodeList.Node("127.0.0.1:1", 2, 1, true, false, ["cpu", "cuda:0"], new Dictionary<string, long> { ["cpu"] = 1L << 34 })]),
        new Drained(3),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_protocol_message_round_trips_through_the_sweep_serializer(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<ProtocolSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        var back = ((Akka.Serialization.SerializerWithStringManifest)serializer).FromBinary(bytes, Akka.Serialization.Serialization.ManifestFor(serializer, message));
        Assert.IsType(message.GetType(), back);
        Assert.Equivalent(message, back, strict: true);
    }

    [Fact]
    public void A_results_trace_never_rides_with_it_and_a_full_trace_piece_fits_one_frame()
    {
        var trace = new TrialTrace([new LossPoint(10, 0.7, 0.8)], [], null, null);
        var ended = new TrialEnded("t1", 1, new TrialResult("t1", TrialOutcome.Completed, new TrialMetrics(8, 8, 0.4), 10, 0, 1, "cpu", null, null, trace));
        var piece = new TrialTraceChunk("t1", 1, 0, 3, new byte[PayloadChunks.ChunkBytes]);
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(ended);

        var back = (TrialEnded)serializer.FromBinary(serializer.ToBinary(ended), serializer.Manifest(ended));

        Assert.Null(back.Result.Trace);
        Assert.Equal(ended.Result.Metrics, back.Result.Metrics);
        Assert.InRange(serializer.ToBinary(piece).Length, PayloadChunks.ChunkBytes, ClusterConfig.MaximumFrameBytes - 1_000);
    }

    [Fact]
    public async Task A_checkpoint_offer_round_trips_with_a_source_ref_that_still_streams_the_bytes()
    {
        var bytes = Enumerable.Range(0, CheckpointStreams.PieceBytes * 2 + 7).Select(i => (byte)(i * 13)).ToArray();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var materializer = Akka.Streams.ActorMaterializer.Create(_system);
        var offer = new TrialCheckpointOffer("t1", 2, 250, bytes.Length, hash, await CheckpointStreams.Offer(bytes, materializer));
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(offer);

        var back = (TrialCheckpointOffer)serializer.FromBinary(serializer.ToBinary(offer), serializer.Manifest(offer));

        Assert.Equal((offer.TrialId, offer.Attempt, offer.Iteration, offer.Length, offer.Sha256), (back.TrialId, back.Attempt, back.Iteration, back.Length, back.Sha256));
        Assert.Equal(bytes, await CheckpointStreams.Receive(back.Bytes, back.Length, back.Sha256, materializer));
    }

    [Theory]
    [InlineData("Process")]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    [InlineData("Sweep.Store.TrialRecord, Sweep.Store")]   // one of Sweep's types, but not a message
    [InlineData("Sweep.Cluster.Protocol.ISweepMessage, Sweep.Cluster")]
    [InlineData("Sweep.Cluster.Protocol.StartTrial, Sweep.Cluster.Evil")]
    public void A_manifest_that_names_no_sweep_message_is_refused(string manifest)
    {
        _ = typeof(TrialRecord);   // Sweep.Store is loaded: refused for what it is, not for being absent
        var serializer = (ProtocolSerializer)_system.Serialization.FindSerializerFor(new NodeLeaving("a"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), manifest));
    }

    [Fact]
    public void A_frame_for_akkas_type_name_serializer_is_refused_and_nothing_is_sent_through_it()
    {
        // What a peer would send: a type-named Newtonsoft payload, tagged with Newtonsoft's identifier.
        var frame = new Akka.Serialization.NewtonSoftJsonSerializer((ExtendedActorSystem)_system).ToBinary(new Dictionary<string, object> { ["$type"] = "System.Diagnostics.Process, System.Diagnostics.Process" });

        var refused = Assert.Throws<System.Runtime.Serialization.SerializationException>(() =>
            _system.Serialization.Deserialize(frame, TypeNameSerializerRefusal.NewtonsoftIdentifier, "System.Collections.Generic.Dictionary`2[[System.String],[System.Object]]"));
        Assert.Contains("type-name (Newtonsoft) serializer", refused.Message);

        // A message without a serializer of its own falls to the refusal too, rather than to type names.
        var fallback = _system.Serialization.FindSerializerFor(new Uri("https://example.org"));
        Assert.IsType<TypeNameSerializerRefusal>(fallback);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => fallback.ToBinary(new Uri("https://example.org")));
    }

    public ValueTask DisposeAsync() => _member.DisposeAsync();
}

using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Sweep.Orchestration.Embedded;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Web;

/// <summary>The live updates (<c>/events</c>) of a real served run: what a page hears, and clients that vanish mid-stream.</summary>
public sealed class EventStreamTests : IDisposable
{
    private const string Name = "events";
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_watching_page_hears_a_trial_finish_and_clients_that_vanish_mid_stream_disturb_nothing()
    {
        using var store = _database.Open();
        var trainer = new GatedTrainer();
        await using var run = await ServedRun.StartAsync(store, trainer, SweepFiles.Ring(Name, seeds: 3), slots: 1);
        await run.WaitForAsync($"/api/sweeps/{Name}", json => json["progress"]!["running"]!.GetValue<int>() == 1);

        // Ten clients on the sweep's stream; each hears the page's sections at once.
        var clients = new List<(HttpClient Http, StreamReader Reader)>();
        for (var i = 0; i < 10; i++)
        {
            var http = new HttpClient { BaseAddress = run.Url, Timeout = Timeout.InfiniteTimeSpan };
            var response = await http.GetAsync($"/events?sweep={Name}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Contains("0 completed", (await NextSection(reader, "progress"))["html"]!.ToString());
            clients.Add((http, reader));
        }

        // Four go away as a closed tab does, four as a dropped connection does (a reset, mid-stream), two stay.
        foreach (var (http, reader) in clients.Take(4))
        {
            reader.Dispose();
            http.Dispose();
        }

        var dropped = new List<Socket>();
        for (var i = 0; i < 4; i++) dropped.Add(await RawStream(run.Url, $"/events?sweep={Name}"));
        foreach (var socket in dropped)
        {
            socket.LingerState = new LingerOption(true, 0);   // close with RST, not FIN
            socket.Close();
        }

        trainer.Release(1);
        foreach (var (_, reader) in clients.Skip(8))
            Assert.Contains("1 completed", (await NextSection(reader, "progress", html => html.Contains("1 completed", StringComparison.Ordinal)))["html"]!.ToString());

        // The coordinator carried on: the other trials run and the sweep finishes, every trial completed.
        trainer.Release(2);
        trainer.Release(3);
        Assert.Equal(RunEnd.Finished, (await run.Run.WaitAsync(TimeSpan.FromSeconds(60))).End);
        Assert.All(store.Trials(store.FindSweep(Name)!.TrialIds), t => Assert.Equal(TrialState.Completed, t.State));
        foreach (var (http, reader) in clients.Skip(4))
        {
            reader.Dispose();
            http.Dispose();
        }
    }

    /// <summary>Reads events until the section <paramref name="id"/> arrives (and passes <paramref name="until"/>).</summary>
    private static async Task<JsonNode> NextSection(StreamReader reader, string id, Func<string, bool>? until = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var section = JsonNode.Parse(line["data: ".Length..])!;
            if ((string)section["id"]! == id && (until?.Invoke((string)section["html"]!) ?? true)) return section;
        }

        throw new EndOfStreamException($"the stream ended before section '{id}'");
    }

    /// <summary>A stream opened on a bare socket, its first bytes read, so the server is mid-stream when it drops.</summary>
    private static async Task<Socket> RawStream(Uri server, string path)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Host, server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: text/event-stream\r\n\r\n"));
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer);
        Assert.Contains("text/event-stream", Encoding.ASCII.GetString(buffer, 0, received));
        return socket;
    }

    public void Dispose() => _database.Dispose();
}

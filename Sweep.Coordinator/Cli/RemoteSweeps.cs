using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Sweep.Cluster.Hosting;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;
using Sweep.Web;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// A live coordinator's sweeps, read through its JSON API (<c>--server URL</c>) into the same
/// reports the database gives, so that status, export and report print what they would print
/// from the file.
/// </summary>
internal sealed class RemoteSweeps : IDisposable
{
    private readonly HttpClient _http;

    public RemoteSweeps(Uri server, ClusterTls? tls)
    {
        Server = server;
        var handler = new HttpClientHandler();
        if (tls is not null)
        {
            handler.ClientCertificates.Add(tls.Certificate);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && tls.Refusal(certificate, DateTime.Now) is null;
        }

        _http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Uri Server { get; }

    public IReadOnlyList<string> Names() =>
        Get("/api/sweeps")!["sweeps"]!.AsArray().Select(s => (string)s!["name"]!).ToList();

    /// <summary>The sweep as the server holds it now.</summary>
    /// <exception cref="UsageException">No such sweep (the message lists those there are), or the server failed.</exception>
    public SweepReport Load(string name)
    {
        var path = $"/api/sweeps/{Uri.EscapeDataString(name)}";
        var summary = Get(path, missing: () => Unknown(name));
        var trials = Get($"{path}/trials")!["trials"]!.AsArray().Select(t => JsonExport.ReadTrial(t!)).ToList();
        var sweep = summary!["sweep"]!;
        var record = new SweepRecord
        {
            Name = (string)sweep["name"]!, Fingerprint = (string)sweep["fingerprint"]!, Definition = (string)sweep["definition"]!,
            CreatedUtc = (DateTime)sweep["created_utc"]!, TrialIds = trials.Select(t => t.Id).ToList(),
        };
        return new SweepReport(record, trials);
    }

    /// <summary>The server's export of the sweep (<c>/api/sweeps/NAME/export</c>), as text.</summary>
    /// <param name="unreadable">Told of each trial whose stored trace the server could not read (JSON: its curve is missing).</param>
    /// <exception cref="UsageException">No such sweep (the message lists those there are), or the server failed.</exception>
    public string Export(string name, string format, string? compare, bool groups, Action<string> unreadable)
    {
        var query = $"format={Uri.EscapeDataString(format)}{(compare is null ? "" : $"&compare={Uri.EscapeDataString(compare)}")}{(groups ? "&groups=true" : "")}";
        using var response = Send($"/api/sweeps/{Uri.EscapeDataString(name)}/export?{query}");
        if (response.StatusCode == HttpStatusCode.NotFound) throw new UsageException(Unknown(name));
        Check(response);
        if (response.Headers.TryGetValues(ApiHeaders.UnreadableCurves, out var values))
            foreach (var id in values.SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))) unreadable(id);
        return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    /// <summary>A trial's stored trace; null when it has none.</summary>
    public TrialTrace? Trace(TrialRecord trial)
    {
        using var response = Send($"/api/trials/{Uri.EscapeDataString(trial.Id)}/trace");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Check(response);
        return TraceFormat.Read(response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult());
    }

    private string Unknown(string name)
    {
        var names = Names();
        return names.Count == 0
            ? $"the coordinator at {Server} holds no sweeps yet"
            : $"no sweep named '{name}' at {Server}{(Suggestions.Closest(name, names) is { } close ? $" (did you mean '{close}'?)" : "")}. Sweeps there: {string.Join(", ", names)}.";
    }

    private JsonNode? Get(string path, Func<string>? missing = null)
    {
        using var response = Send(path);
        if (response.StatusCode == HttpStatusCode.NotFound && missing is not null) throw new UsageException(missing());
        Check(response);
        return JsonNode.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private HttpResponseMessage Send(string path)
    {
        try
        {
            return _http.Send(new HttpRequestMessage(HttpMethod.Get, path));
        }
        catch (HttpRequestException e)
        {
            throw new UsageException($"--server: {Server} does not answer ({e.Message.TrimEnd('.')}). Is the coordinator running, with --http?");
        }
        catch (TaskCanceledException)
        {
            throw new UsageException($"--server: {Server} did not answer {path} within {_http.Timeout.TotalSeconds:0} s.");
        }
    }

    private void Check(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var detail = response.Content.Headers.ContentType?.MediaType == "application/problem+json" && JsonNode.Parse(body)?["detail"] is { } d ? (string?)d : body;
        throw new UsageException($"--server: {Server} answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
    }

    public void Dispose() => _http.Dispose();
}

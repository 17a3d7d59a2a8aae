using System.CommandLine;
using Sweep.Cluster.Hosting;
using Sweep.Reporting;
using Sweep.Reporting.Pictures;
using Sweep.Store;
using Sweep.Training.Tracing;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// Where status, export and report read sweeps: the database file, or a live coordinator's HTTP API
/// (<c>--server URL</c>, or by itself when the file is held by a process that serves one).
/// </summary>
internal sealed class SweepSource : IDisposable
{
    private readonly SweepStore? _store;
    private readonly RemoteSweeps? _remote;

    private SweepSource(SweepStore? store, RemoteSweeps? remote)
    {
        _store = store;
        _remote = remote;
    }

    /// <summary>The database's path or the server's URL, for messages.</summary>
    public string Name => _store?.Path ?? _remote!.Server.ToString();

    public sealed record Options(Option<string> Database, Option<string?> Server, Option<string?> Cert)
    {
        public IEnumerable<Option> All => [Database, Server, Cert];

        public static Options Create() => new(
            DatabaseOption.Create(),
            new Option<string?>("--server") { Description = "Read from a live coordinator's HTTP API (e.g. http://127.0.0.1:8080) instead of the database file. Used by itself when the file is held by a process that serves one." },
            new Option<string?>("--cert") { Description = "With an https --server: this reader's PKCS#12 file from 'sweep certs' (password in SWEEP_CERT_PASSWORD)." });
    }

    public static SweepSource Open(ParseResult parse, Options options)
    {
        if (parse.GetValue(options.Server) is { } server) return Remote(server, parse.GetValue(options.Cert));
        var database = parse.GetValue(options.Database)!;
        try
        {
            return new SweepSource(SweepStore.OpenReadOnly(database), null);
        }
        catch (StoreException e) when (e.HeldByAnother)
        {
            if (ServerMarker.Read(database) is not { } url)
                throw new StoreException($"{e.Message} It serves no HTTP (it was started with --http off, or by a version of Sweep without it), so it cannot be read until it stops.", e);
            Console.Error.WriteLine($"sweep: {database} is held by a running Sweep process; reading from its server at {url} (--server {url}).");
            return Remote(url.ToString(), parse.GetValue(options.Cert));
        }
    }

    private static SweepSource Remote(string server, string? cert)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new UsageException($"--server: '{server}' is not accepted; expected the coordinator's URL, e.g. http://127.0.0.1:8080.");
        if (url.Scheme == "https" && cert is null)
            throw new UsageException($"--server: {server} is HTTPS, which asks for a client certificate: give --cert FILE (from 'sweep certs').");
        var tls = cert is null ? null : ClusterTls.Load(cert, Environment.GetEnvironmentVariable("SWEEP_CERT_PASSWORD"));
        return new SweepSource(null, new RemoteSweeps(url, tls));
    }

    /// <exception cref="UsageException">No such sweep; the message lists those there are.</exception>
    public SweepReport Require(string name) => _store is not null ? SweepNames.Require(_store, name) : _remote!.Load(name);

    public IReadOnlyList<SweepReport> All() => _store is not null
        ? SweepReports.All(_store)
        : _remote!.Names().Select(_remote.Load).ToList();

    /// <summary>
    /// The sweep as <see cref="SweepExports.Render"/> writes it. A live coordinator renders it itself:
    /// its JSON carries the score curves of the traces it stores, in one answer.
    /// </summary>
    /// <exception cref="UsageException">No such sweep; the message lists those there are.</exception>
    public string Export(string name, string format, string? compare, bool groups)
    {
        if (_remote is not null) return _remote.Export(name, format, compare, groups, id => WarnUnreadable(id, "the server could not read it"));
        var report = SweepNames.Require(_store!, name);
        var curves = format != "json" ? null : ScoreCurves.OfAsync(report, id => Task.FromResult(_store!.FindTrace(id)), (id, e) => WarnUnreadable(id, e.Message))
            .GetAwaiter().GetResult();
        return SweepExports.Render(report, format, compare, groups, curves);
    }

    private static void WarnUnreadable(string trialId, string why) =>
        Console.Error.WriteLine($"sweep: trial {trialId}: its stored trace cannot be read ({why}); the export carries its results without its score curve.");

    /// <summary>A trial's stored trace; null when it has none.</summary>
    public TrialTrace? TraceOf(TrialRecord trial) => _store is not null ? StoredTraces.Find(_store, trial) : _remote!.Trace(trial);

    public void Dispose()
    {
        _store?.Dispose();
        _remote?.Dispose();
    }
}

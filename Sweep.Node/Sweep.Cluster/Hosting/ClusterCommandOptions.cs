using System.CommandLine;
using Serilog;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// The options every cluster process shares (<c>sweep coordinator</c>, <c>sweep-node</c>, <c>sweep
/// submit</c>), each also settable as <c>SWEEP_*</c> or in appsettings.json (see <see cref="LayeredSettings"/>).
/// </summary>
/// <param name="seedOption">How the option naming the member to join is spelled: <c>--seed</c> for members, <c>--cluster</c> or <c>--to</c> for clients.</param>
public sealed class ClusterCommandOptions(string defaultBind, string seedOption = "--seed")
{
    public Option<string> Bind { get; } = new("--bind") { Description = $"HOST:PORT to listen on (default {defaultBind}; port 0: any free port). Beyond loopback it needs --cert or --insecure." };
    public Option<string> PublicHost { get; } = new("--public-host") { Description = "The host name other members reach this one by, when it differs from --bind's (containers, 0.0.0.0)." };
    public Option<string> Seed { get; } = new(seedOption) { Description = "HOST:PORT of the coordinator (or any member) to join; several separated by commas." };
    public Option<string> Cert { get; } = new("--cert") { Description = "This member's PKCS#12 file from 'sweep certs init': cluster traffic then uses mutual TLS and only members with a certificate from the same CA get in." };
    public Option<string> CertPassword { get; } = new("--cert-password") { Description = "The password of --cert (better: SWEEP_CERT_PASSWORD)." };
    public Option<string> Revoked { get; } = new("--revoked") { Description = $"A file of revoked member certificates from 'sweep certs revoke' (default: the '{ClusterCertificates.RevokedFile}' file beside --cert, when there is one); their holders are refused." };
    public Option<bool> Insecure { get; } = new("--insecure") { Description = "No TLS: anyone who reaches the port can join. Prints a warning. (Without --cert, a loopback cluster uses this user's own credential, created in ~/.config/sweep.)" };
    public Option<string> HeartbeatPause { get; } = new("--heartbeat-pause") { Description = "Silence tolerated before a member counts as unreachable (default 10s)." };
    public Option<string> StableAfter { get; } = new("--stable-after") { Description = "How long membership must be stable before the split brain resolver downs unreachable members (default 20s)." };
    public Option<string> Config { get; } = new("--config") { Description = $"A JSON settings file (default ./{LayeredSettings.DefaultFile} when present); the command line and SWEEP_* variables override it." };

    public IEnumerable<Option> All => [Bind, PublicHost, Seed, Cert, CertPassword, Revoked, Insecure, HeartbeatPause, StableAfter, Config];

    public LayeredSettings Settings(ParseResult parse) => LayeredSettings.Load(parse, parse.GetValue(Config));

    public ClusterOptions Resolve(LayeredSettings settings)
    {
        var binds = settings.Endpoints(Bind);
        if (binds.Count > 1) throw new SettingsException($"{Bind.Name}: one HOST:PORT is accepted, not {binds.Count}.");
        var bind = binds.SingleOrDefault() ?? Endpoint.Parse(defaultBind, Bind.Name);
        var tls = settings.String(Cert) is { } cert ? ClusterTls.Load(cert, settings.String(CertPassword)) with { Revoked = RevokedFor(settings, cert) } : null;
        if (tls is null && settings.Flag(Insecure))
            Log.Warning("Listening on {Bind} WITHOUT TLS (--insecure): cluster traffic is not encrypted and anyone who can reach this port can join", bind);
        else if (tls is null && bind.IsLoopback)
            tls = LoopbackCredential.LoadOrCreate(LoopbackCredential.DefaultPath());   // other users of this machine cannot join
        else if (tls is null)
            throw new SettingsException(
                $"{Bind.Name}: {bind} listens beyond loopback without TLS. Give --cert (create certificates with: sweep certs init DIR), " +
                "or --insecure to accept that anyone who can reach this port can join the cluster.");

        var timing = new ClusterTiming(
            settings.Duration(HeartbeatPause) ?? ClusterTiming.Default.HeartbeatPause,
            settings.Duration(StableAfter) ?? ClusterTiming.Default.StableAfter);
        return new ClusterOptions { Bind = bind, PublicHost = settings.String(PublicHost), Seeds = settings.Endpoints(Seed), Tls = tls, Timing = timing };
    }

    private HashSet<string> RevokedFor(LayeredSettings settings, string cert)
    {
        var path = settings.String(Revoked);
        if (path is not null && !File.Exists(path))
            throw new SettingsException($"{Revoked.Name}: {path} does not exist.");
        path ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cert))!, ClusterCertificates.RevokedFile);
        return File.Exists(path) ? ClusterCertificates.ReadRevoked(path) : [];
    }
}

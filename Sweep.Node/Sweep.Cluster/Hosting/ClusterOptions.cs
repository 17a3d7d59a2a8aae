namespace Sweep.Cluster.Hosting;

/// <summary>How a process takes part in a cluster: where it listens, whom it joins, how it proves who it is.</summary>
public sealed record ClusterOptions
{
    /// <summary>The interface and port to listen on (port 0: any free port).</summary>
    public required Endpoint Bind { get; init; }

    /// <summary>The host name other members reach this one by, when it differs from <see cref="Bind"/> (containers, 0.0.0.0).</summary>
    public string? PublicHost { get; init; }

    /// <summary>Members to join through; empty: this process starts a new cluster (the coordinator).</summary>
    public IReadOnlyList<Endpoint> Seeds { get; init; } = [];

    /// <summary>Mutual TLS for every connection; null only for loopback or with an explicit --insecure.</summary>
    public ClusterTls? Tls { get; init; }

    public ClusterTiming Timing { get; init; } = ClusterTiming.Default;

    /// <summary>Loopback on port 0, no TLS: the embedded one-process cluster and in-process test clusters.</summary>
    public static ClusterOptions Loopback(ClusterTiming? timing = null) =>
        new() { Bind = new Endpoint("127.0.0.1", 0), Timing = timing ?? ClusterTiming.Default };
}

/// <summary>A host and port as the command line and the configuration write them: <c>HOST:PORT</c>.</summary>
public sealed record Endpoint(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";

    public bool IsLoopback => Host is "localhost" || (System.Net.IPAddress.TryParse(Host, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <summary>Parses <c>HOST:PORT</c>; <paramref name="what"/> names the option or key in the message.</summary>
    public static Endpoint Parse(string text, string what)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new SettingsException($"{what}: '{text}' is not accepted; expected HOST:PORT, e.g. 127.0.0.1:4053.");
        return new Endpoint(text[..colon].Trim('[', ']'), port);
    }
}

/// <summary>
/// How quickly a silent member is declared lost. The defaults tolerate a loaded machine (training
/// saturates the cores, and a GC pause must not look like a crash); tests shorten them.
/// </summary>
/// <param name="HeartbeatPause">Akka's failure detector: silence tolerated before a member is unreachable.</param>
/// <param name="StableAfter">The split brain resolver acts once membership has been stable this long.</param>
public sealed record ClusterTiming(TimeSpan HeartbeatPause, TimeSpan StableAfter)
{
    public static ClusterTiming Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

    /// <summary>From a member's last heartbeat to its removal, roughly: detection, then the resolver's wait.</summary>
    public TimeSpan UntilDowned => HeartbeatPause + StableAfter;
}

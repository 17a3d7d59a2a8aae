using System.CommandLine;
using Sweep.Cluster.Hosting;
using Sweep.Web;

namespace Sweep.Coordinator.Cli;

/// <summary><c>--http HOST:PORT|off</c>: where the process serves its dashboard, API and metrics.</summary>
public static class HttpOption
{
    public const string Name = "--http";

    /// <summary>sweep run and sweep resume: any free loopback port.</summary>
    public const string EmbeddedDefault = "127.0.0.1:0";

    public static Option<string> Create(string defaultListen, string whenDefault) => new(Name)
    {
        Description = $"HOST:PORT to serve the live dashboard, the JSON API and /metrics on (default {defaultListen}{whenDefault}); 'off' serves nothing. " +
                      "Beyond loopback only over HTTPS, with --cert, and readers need a certificate from the same CA.",
    };

    /// <returns>null for 'off'.</returns>
    /// <exception cref="SettingsException">Not HOST:PORT or off; beyond loopback without certificates.</exception>
    public static DashboardSettings? Resolve(string? text, string defaultListen, ClusterTls? tls)
    {
        text ??= defaultListen;
        if (text.Equals("off", StringComparison.OrdinalIgnoreCase)) return null;
        var settings = new DashboardSettings(Endpoint.Parse(text, Name), tls);
        settings.Check(Name);
        return settings;
    }
}

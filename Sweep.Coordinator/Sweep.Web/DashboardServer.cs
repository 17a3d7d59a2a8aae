using System.Net;
using System.Security.Authentication;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Sweep.Cluster.Hosting;
using Sweep.Orchestration.Live;

namespace Sweep.Web;

/// <summary>
/// The coordinator process's HTTP server (Kestrel): the dashboard at <c>/</c>, the JSON API under
/// <c>/api</c>, live updates at <c>/events</c> and Prometheus metrics at <c>/metrics</c>. It reads
/// a live copy of the sweeps (<see cref="LiveSweepsActor"/>), never the database, and only reads:
/// any method but GET and HEAD is refused.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IActorRef _live;

    private DashboardServer(WebApplication app, IActorRef live, Uri url)
    {
        _app = app;
        _live = live;
        Url = url;
    }

    /// <summary>Where it answers, with the port it got (the settings may ask for port 0).</summary>
    public Uri Url { get; }

    /// <param name="coordinator">The coordinator (or its singleton's proxy) in <paramref name="system"/>.</param>
    /// <exception cref="SettingsException">Beyond loopback without certificates, or the port is taken.</exception>
    public static async Task<DashboardServer> StartAsync(DashboardSettings settings, ActorSystem system, IActorRef coordinator, SweepMetrics metrics, string option = "--http")
    {
        settings.Check(option);
        var board = new LiveBoard();
        metrics.ReadFrom(board);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();   // Sweep's own log says what matters; Kestrel's per-request lines would drown it
        builder.Services.AddProblemDetails();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(Address(settings.Listen, option), settings.Listen.Port, listen =>
            {
                if (settings.Tls is { } tls) listen.UseHttps(Https(tls));
            });
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(ReadOnly);
        var live = system.ActorOf(LiveSweepsActor.Props(coordinator, board), $"live-view-{Guid.NewGuid():N}");
        var views = new LiveViews(board, new TrialPictureCache(coordinator));
        PageRoutes.Map(app, views);
        ApiRoutes.Map(app, views);
        EventRoutes.Map(app, views);
        app.MapMetrics("/metrics", metrics.Registry);
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            system.Stop(live);
            await app.DisposeAsync();
            throw new SettingsException($"{option}: cannot listen on {settings.Listen} ({e.Message.TrimEnd('.')}); choose another port, or '{option} off'.");
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, live, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)));
    }

    /// <summary>Read-only: GET and HEAD only, anything else is 405 with a problem document.</summary>
    private static async Task ReadOnly(HttpContext http, RequestDelegate next)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }

        http.Response.Headers.Allow = "GET, HEAD";
        await Results.Problem(statusCode: 405, title: "Read-only", detail: $"{http.Request.Method} is not accepted: this server only reads (GET, HEAD).").ExecuteAsync(http);
    }

    private static IPAddress Address(Sweep.Cluster.Hosting.Endpoint listen, string option)
    {
        if (listen.Host == "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(listen.Host, out var ip)) return ip;
        try
        {
            return Dns.GetHostAddresses(listen.Host).First();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new SettingsException($"{option}: the host '{listen.Host}' does not resolve to an address of this machine.");
        }
    }

    /// <summary>HTTPS with this member's certificate, and a client certificate from the cluster's CA required of every reader.</summary>
    private static HttpsConnectionAdapterOptions Https(ClusterTls tls) => new()
    {
        ServerCertificate = tls.Certificate,
        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
        ClientCertificateValidation = (certificate, _, _) => tls.Refusal(certificate, DateTime.Now) is null,
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
    };

    public async ValueTask DisposeAsync()
    {
        // Open event streams end with the server: their loops see the request aborted.
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(patience.Token);
        await _app.DisposeAsync();
        _live.Tell(PoisonPill.Instance);
    }
}

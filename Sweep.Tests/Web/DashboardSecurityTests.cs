using System.Net;
using System.Security.Cryptography.X509Certificates;
using Sweep.Cluster.Hosting;
using Sweep.Coordinator.Cli;
using Sweep.Tests.Support;
using Sweep.Web;

namespace Sweep.Tests.Web;

/// <summary>
/// The server beyond loopback: refused without the cluster's certificates, and over HTTPS only a
/// reader with a certificate from the cluster's CA is answered.
/// </summary>
public sealed class DashboardSecurityTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly X509Certificate2 _authority = ClusterCertificates.CreateAuthority("dashboard-tests");
    private readonly X509Certificate2 _stranger = ClusterCertificates.CreateAuthority("someone-else");

    [Theory]
    [InlineData("0.0.0.0:0")]
    [InlineData("192.0.2.10:8080")]
    [InlineData("example.org:8080")]
    public void Beyond_loopback_without_certificates_is_refused_before_anything_starts(string listen)
    {
        var settings = new DashboardSettings(Endpoint.Parse(listen, "--http"), null);

        var refusal = Assert.Throws<SettingsException>(() => settings.Check("--http"));

        Assert.Contains($"--http: {listen} is beyond loopback", refusal.Message);
        Assert.Contains("--cert", refusal.Message);
    }

    [Fact]
    public async Task Sweep_run_refuses_to_serve_beyond_loopback_without_certificates_and_writes_nothing()
    {
        var file = Path.Combine(_database.Folder, "open.yaml");
        await File.WriteAllTextAsync(file, SweepFiles.Ring("open", seeds: 1));

        var run = await SweepProcess.RunAsync("run", file, "--db", _database.Path, "--http", "0.0.0.0:0");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--http: 0.0.0.0:0 is beyond loopback", run.Stderr);
        Assert.False(File.Exists(_database.Path));
        Assert.False(File.Exists(ServerMarker.PathFor(_database.Path)));
    }

    [Fact]
    public async Task Over_https_only_a_reader_with_a_certificate_from_the_clusters_CA_is_answered()
    {
        using var member = ClusterCertificates.CreateMember(_authority, "coordinator", [ClusterConfig.CoordinatorRole]);
        using var reader = ClusterCertificates.CreateMember(_authority, "reader", [ClusterConfig.ClientRole]);
        using var outsider = ClusterCertificates.CreateMember(_stranger, "reader", [ClusterConfig.ClientRole]);
        var tls = new ClusterTls(member, X509CertificateLoader.LoadCertificate(_authority.RawData));
        using var store = _database.Open();
        var trainer = new GatedTrainer();
        await using var run = await ServedRun.StartAsync(store, trainer, SweepFiles.Ring("tls", seeds: 1), slots: 1,
            new DashboardSettings(new Endpoint("127.0.0.1", 0), tls));
        Assert.Equal("https", run.Url.Scheme);

        using (var admitted = Client(run.Url, tls, reader))
            Assert.Equal(HttpStatusCode.OK, (await admitted.GetAsync("/api/sweeps")).StatusCode);
        using (var anonymous = Client(run.Url, tls, clientCertificate: null))
            await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync("/api/sweeps"));
        using (var foreign = Client(run.Url, tls, outsider))
            await Assert.ThrowsAsync<HttpRequestException>(() => foreign.GetAsync("/api/sweeps"));

        trainer.Release(1);
        await run.Run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>A client that trusts the server's certificate only through the cluster's CA, and shows <paramref name="clientCertificate"/>.</summary>
    private static HttpClient Client(Uri server, ClusterTls tls, X509Certificate2? clientCertificate)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && tls.Refusal(certificate, DateTime.Now) is null,
        };
        if (clientCertificate is not null) handler.ClientCertificates.Add(clientCertificate);
        return new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose()
    {
        _authority.Dispose();
        _stranger.Dispose();
        _database.Dispose();
    }
}

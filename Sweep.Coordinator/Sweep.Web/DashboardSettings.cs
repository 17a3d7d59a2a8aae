using Sweep.Cluster.Hosting;

namespace Sweep.Web;

/// <summary>Where the HTTP server listens and how: plain HTTP on loopback; beyond it only HTTPS with client certificates from the cluster's CA.</summary>
public sealed record DashboardSettings(Endpoint Listen, ClusterTls? Tls)
{
    /// <summary>Refuses, before anything starts, a server beyond loopback without the cluster's certificates.</summary>
    /// <exception cref="SettingsException">Beyond loopback without <see cref="Tls"/>.</exception>
    public void Check(string option)
    {
        if (!Listen.IsLoopback && Tls is null)
            throw new SettingsException(
                $"{option}: {Listen} is beyond loopback, where Sweep serves HTTP only over HTTPS with client certificates. " +
                "Give --cert (on 'sweep coordinator' and 'sweep run': the cluster's certificates from 'sweep certs init'); readers then need a certificate from the same CA. " +
                $"Or keep it on loopback (e.g. {option} 127.0.0.1:{Listen.Port}) and reach it through an SSH tunnel; '{option} off' serves nothing.");
    }
}

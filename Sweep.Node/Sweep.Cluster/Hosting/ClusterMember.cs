using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// One member of a Sweep cluster: its actor system, built by Akka.Hosting inside a generic host
/// whose life is the member's. A member removed from the cluster can never rejoin under its old
/// identity, so a worker starts a new ClusterMember each time it joins.
/// </summary>
public sealed class ClusterMember : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterMember(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<IActorRegistry>();
    }

    public ActorSystem System { get; }

    /// <summary>The actors the builders started, by key (<see cref="CoordinatorKey"/>, <see cref="TrialRegionKey"/>).</summary>
    public IActorRegistry Registry { get; }

    /// <summary>Starts the member (not yet joined to anyone) with <paramref name="roles"/>; <paramref name="actors"/> adds what the role runs.</summary>
    public static async Task<ClusterMember> StartAsync(
        ClusterOptions options, IReadOnlyList<string> roles, string logLevel = "WARNING", Action<AkkaConfigurationBuilder>? actors = null)
    {
        RequireFreeBind(options);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka(ClusterConfig.SystemName, akka =>
        {
            akka.AsSweepMember(options, roles, logLevel);
            actors?.Invoke(akka);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (InUse(e))
        {
            host.Dispose();
            throw new SettingsException($"--bind: {options.Bind} is already in use (another Sweep member or another program listens there); choose another port.");
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ClusterMember(host);
    }

    /// <summary>
    /// Refuses a port where something already listens. The bind alone does not: Akka binds with
    /// address reuse (so a restarted member gets its port back at once), which .NET on Linux turns
    /// into SO_REUSEPORT, and a second member would listen beside the first and share its traffic.
    /// </summary>
    /// <exception cref="SettingsException">Something accepts connections at the address.</exception>
    public static void RequireFreeBind(ClusterOptions options)
    {
        if (options.Bind.Port == 0) return;
        var host = options.Bind.Host is "0.0.0.0" or "::" or "[::]" ? "127.0.0.1" : options.Bind.Host;
        using var probe = new TcpClient();
        try
        {
            if (!probe.ConnectAsync(host, options.Bind.Port).Wait(TimeSpan.FromSeconds(2))) return;
        }
        catch (AggregateException)
        {
            return;   // refused: nobody listens there
        }

        throw new SettingsException($"--bind: {options.Bind} is already in use (another Sweep member or another program listens there); choose another port.");
    }

    private static bool InUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
                return true;
        return false;
    }

    /// <summary>Leaves the cluster through Akka's coordinated shutdown (trials hand back first) and stops the host.</summary>
    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}

/// <summary>The registry key of the coordinator singleton's proxy.</summary>
public sealed class CoordinatorKey;

/// <summary>The registry key of the trial shard region (or its proxy, on a member without slots).</summary>
public sealed class TrialRegionKey;

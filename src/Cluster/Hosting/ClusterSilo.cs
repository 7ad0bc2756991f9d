using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using StackExchange.Redis;
using ZkmlGpu.Cluster.Grains;
using ZkmlGpu.Cluster.Placement;

namespace ZkmlGpu.Cluster.Hosting;

/// <summary>Builds and starts the Orleans silo of a worker or a coordinator.</summary>
public static class ClusterSilo
{
    /// <summary>Starts the silo; it has joined the cluster when this returns. Dispose (or StopAsync) to leave.</summary>
    public static async Task<IHost> StartAsync(ClusterSiloOptions options, CancellationToken cancellation = default)
    {
        return await HostStart.StartOrDisposeAsync(Build(options), cancellation).ConfigureAwait(false);
    }

    public static IHost Build(ClusterSiloOptions o)
    {
        var conn = o.Connection;
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(c => { c.ClusterId = conn.ClusterId; c.ServiceId = ClusterConnection.ServiceId; });
            if (conn.Kind == ClusterConnectionKind.Localhost)
            {
                if (o.IsCoordinator)
                    silo.UseLocalhostClustering(conn.Port, conn.Port + 1, null, ClusterConnection.ServiceId, conn.ClusterId);
                else
                    silo.UseLocalhostClustering(Port(o.SiloPort), Port(o.GatewayPort), new IPEndPoint(IPAddress.Loopback, conn.Port),
                        ClusterConnection.ServiceId, conn.ClusterId);
                silo.AddMemoryGrainStorage(ClusterJobGrain.Storage);
            }
            else
            {
                silo.UseRedisClustering(conn.RedisConfiguration);
                silo.ConfigureEndpoints(o.Advertise, Port(o.SiloPort), Port(o.GatewayPort), o.ListenOnAnyAddress);
                silo.AddRedisGrainStorage(ClusterJobGrain.Storage, r => r.ConfigurationOptions = ConfigurationOptions.Parse(conn.RedisConfiguration));
            }
            // A killed worker is declared dead within seconds, which fails its outstanding calls so its chunks move on.
            silo.Configure<ClusterMembershipOptions>(m =>
            {
                m.ProbeTimeout = TimeSpan.FromSeconds(1);
                m.NumMissedProbesLimit = 2;
                m.NumVotesForDeathDeclaration = 1;
                m.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                m.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            });
            silo.Configure<SiloMessagingOptions>(m =>
            {
                m.ResponseTimeout = o.ResponseTimeout;
                m.MaxRequestProcessingTime = o.ResponseTimeout;
            });
            silo.Services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
            if (o.Worker is { } worker) silo.Services.AddSingleton(worker);
            if (o.Certificate is { } certificate) silo.UseTls(certificate, t => ClusterTls.Configure(t, certificate));
        });
        return builder.Build();
    }

    /// <summary>The address other silos reach this one at ("127.0.0.1:40123").</summary>
    public static string EndpointOf(IHost silo) => silo.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.Endpoint.ToString();

    public static IGrainFactory Grains(IHost silo) => silo.Services.GetRequiredService<IGrainFactory>();

    private static int Port(int given) => given != 0 ? given : FreePorts.Next();
}

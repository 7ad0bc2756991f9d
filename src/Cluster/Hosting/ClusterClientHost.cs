using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace ZkmlGpu.Cluster.Hosting;

/// <summary>An Orleans client of a cluster (no silo of its own), for looking at it: `zkml-gpu cluster status`.</summary>
public static class ClusterClientHost
{
    public static async Task<IHost> StartAsync(ClusterConnection conn, X509Certificate2? certificate = null, CancellationToken cancellation = default)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(c => { c.ClusterId = conn.ClusterId; c.ServiceId = ClusterConnection.ServiceId; });
            if (conn.Kind == ClusterConnectionKind.Localhost) client.UseLocalhostClustering(conn.Port + 1, ClusterConnection.ServiceId, conn.ClusterId);
            else client.UseRedisClustering(conn.RedisConfiguration);
            if (certificate is not null) client.UseTls(certificate, t => ClusterTls.Configure(t, certificate));
        });
        return await HostStart.StartOrDisposeAsync(builder.Build(), cancellation).ConfigureAwait(false);
    }

    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();
}

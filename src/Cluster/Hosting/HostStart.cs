using Microsoft.Extensions.Hosting;

namespace ZkmlGpu.Cluster.Hosting;

/// <summary>Starts a built host (silo or client) and disposes it when starting fails, so a failed join leaks nothing.</summary>
internal static class HostStart
{
    public static async Task<IHost> StartOrDisposeAsync(IHost host, CancellationToken cancellation)
    {
        try
        {
            await host.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }
}

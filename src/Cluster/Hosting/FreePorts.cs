using System.Net;
using System.Net.Sockets;

namespace ZkmlGpu.Cluster.Hosting;

/// <summary>Loopback ports no one listens on right now (for silos started without explicit ports).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port P with P + 1 free too (a localhost primary silo and its gateway).</summary>
    public static int NextPair()
    {
        for (int attempt = 0; ; attempt++)
        {
            int p = Next();
            if (p >= 65535) continue;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, p + 1);
                second.Start();
                return p;
            }
            catch (SocketException) when (attempt < 50) { }
        }
    }
}

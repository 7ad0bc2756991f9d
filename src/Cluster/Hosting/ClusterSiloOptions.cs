using System.Net;
using System.Security.Cryptography.X509Certificates;
using ZkmlGpu.Cluster.Worker;

namespace ZkmlGpu.Cluster.Hosting;

/// <summary>
/// One silo: its cluster, its role (a <see cref="Worker"/> offers devices; without one it is a coordinator, which in
/// localhost clustering is the primary silo at the connection's port) and its endpoints. Silos listen and advertise on
/// loopback unless <see cref="Advertise"/> names another address.
/// </summary>
public sealed record ClusterSiloOptions
{
    public required ClusterConnection Connection { get; init; }
    public WorkerNode? Worker { get; init; }

    /// <summary>0: a free port (a localhost coordinator always takes the connection's port and the next).</summary>
    public int SiloPort { get; init; }
    public int GatewayPort { get; init; }

    /// <summary>The address other silos reach this one at; loopback unless told otherwise.</summary>
    public IPAddress Advertise { get; init; } = IPAddress.Loopback;

    /// <summary>Listen on every interface (the advertised address must then be reachable from the other machines).</summary>
    public bool ListenOnAnyAddress { get; init; }

    /// <summary>How long a call to a worker may take: a chunk proof can take hours on a slow device.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromHours(12);

    /// <summary>The cluster's TLS certificate (<see cref="ClusterTls"/>); null: plain TCP.</summary>
    public X509Certificate2? Certificate { get; init; }

    public bool IsCoordinator => Worker is null;
}

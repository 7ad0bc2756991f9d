namespace ZkmlGpu.Cluster.Hosting;

public enum ClusterConnectionKind
{
    /// <summary>Orleans' localhost clustering: the coordinator is the primary silo on a loopback port; one machine only.</summary>
    Localhost,
    /// <summary>Membership and job state in Redis: workers and coordinators on any machines that reach it.</summary>
    Redis,
}

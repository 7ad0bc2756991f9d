using ZkmlGpu.Cluster.Hosting;

namespace ZkmlGpu.Cluster.Tests;

/// <summary>One localhost cluster (coordinator and two workers) for a test class: workers keep their keys between tests.</summary>
public sealed class LocalhostClusterFixture : IAsyncLifetime
{
    internal TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TestCluster.StartAsync(ClusterConnection.Localhost(FreePorts.NextPair(), $"test-{Guid.NewGuid():N}"), 2);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

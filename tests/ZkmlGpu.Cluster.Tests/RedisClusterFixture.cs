namespace ZkmlGpu.Cluster.Tests;

/// <summary>One Redis-clustered cluster (coordinator and two workers, job state in Redis) for a test class.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private TestRedis? redis;

    internal TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        redis = new TestRedis();
        Cluster = await TestCluster.StartAsync(redis.NewCluster(), 2);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        redis?.Dispose();
    }
}

using ZkmlGpu.Cluster.Hosting;

namespace ZkmlGpu.Cluster.Tests;

public class ClusterConnectionTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6379", ClusterConnectionKind.Redis, "127.0.0.1", 6379, 0, "zkml-gpu")]
    [InlineData("redis://cache.internal:6380/2?cluster=gpu-farm", ClusterConnectionKind.Redis, "cache.internal", 6380, 2, "gpu-farm")]
    [InlineData("localhost:11111", ClusterConnectionKind.Localhost, "127.0.0.1", 11111, 0, "zkml-gpu")]
    public void ParsesAndPrintsBack(string text, ClusterConnectionKind kind, string host, int port, int db, string cluster)
    {
        var c = ClusterConnection.Parse(text);
        Assert.Equal((kind, host, port, db, cluster), (c.Kind, c.Host, c.Port, c.Database, c.ClusterId));
        Assert.Equal(c, ClusterConnection.Parse(c.ToString()));
    }

    [Theory]
    [InlineData("redis://127.0.0.1", "no port")]
    [InlineData("redis://127.0.0.1:99999", "port")]
    [InlineData("10.0.0.1:6379", "neither redis:// nor localhost")]
    [InlineData("localhost:1/3", "database")]
    [InlineData("redis://h:1/99", "database")]
    [InlineData("redis://h:1?name=x", "?cluster=NAME")]
    [InlineData("redis://h:1?cluster=a b", "letters")]
    public void RejectsWithTheReason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => ClusterConnection.Parse(text));
        Assert.Contains(reason, e.Message);
        Assert.StartsWith("--cluster: ", e.Message);
    }
}

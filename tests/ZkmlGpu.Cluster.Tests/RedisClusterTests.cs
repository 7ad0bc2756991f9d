using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Tests;

/// <summary>Redis membership and job state: a job survives its coordinator.</summary>
public sealed class RedisClusterTests(RedisClusterFixture fixture) : IClassFixture<RedisClusterFixture>
{
    private static TestModel Model => TestModel.Shared;
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task ChunksSpreadOverBothWorkersAndTheBundleVerifies()
    {
        var result = await Cluster.NewCoordinator().RunAsync(Model.Job("redis-spread")).WaitAsync(LocalhostClusterTests.JobLimit);

        Assert.Equal((true, (string?)null), BundleVerifier.Verify(Model.Vks, result.Proofs));
        Assert.Equal(2, result.Devices.Distinct().Count());
    }

    [Fact]
    public async Task ARestartedCoordinatorResumesTheJobWithoutProvingFinishedChunksAgain()
    {
        var job = Model.Job("redis-resume");
        using var stop = new CancellationTokenSource();
        int first = -1;
        var partial = await Cluster.NewCoordinator().RunAsync(job with
        {
            OnEvent = e =>
            {
                if (e.Kind != ChunkEventKind.Done || first >= 0) return;
                first = e.Chunk;
                stop.Cancel();
            },
        }, stop.Token).WaitAsync(LocalhostClusterTests.JobLimit);
        Assert.True(partial.Run.Cancelled || partial.Run.IsComplete);
        Assert.True(first >= 0);
        int provenBefore = Cluster.Workers.Sum(w => w.Proven.Count(c => c == first));

        await Cluster.RestartCoordinatorAsync();
        var resumed = await Cluster.NewCoordinator().RunAsync(job with { Resume = true }).WaitAsync(LocalhostClusterTests.JobLimit);

        Assert.True(resumed.Run.Chunks.Single(c => c.Chunk == first).Resumed);
        Assert.Equal(provenBefore, Cluster.Workers.Sum(w => w.Proven.Count(c => c == first)));
        Assert.Equal((true, (string?)null), BundleVerifier.Verify(Model.Vks, resumed.Proofs));
    }
}

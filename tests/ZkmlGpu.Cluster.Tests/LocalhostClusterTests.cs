using ZkmlGpu.Cluster.Coordinator;
using ZkmlGpu.Cluster.Hosting;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Tests;

/// <summary>A coordinator and two worker silos in this process with Orleans' localhost clustering.</summary>
public sealed class LocalhostClusterTests(TestModel model) : IClassFixture<TestModel>
{
    private static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(120);

    private ClusterJob Job(string id) => new()
    {
        JobId = id,
        Model = model.Blob,
        Keys = model.Keys,
        Activations = model.Activations,
        Secrets = ChunkSecrets.Fresh(model.Plan.Chunks.Count),
        SrsDigest = TestModel.SrsDigest,
        MinWorkers = 2,
        WorkerWait = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task ChunksSpreadOverBothWorkersAndTheBundleVerifies()
    {
        await using var cluster = await TestCluster.StartAsync(ClusterConnection.Localhost(FreePorts.NextPair()), 2);
        var result = await cluster.NewCoordinator().RunAsync(Job("spread")).WaitAsync(JobLimit);

        Assert.Equal((true, (string?)null), BundleVerifier.Verify(model.Vks, result.Proofs));
        Assert.Equal(2, result.Workers);
        Assert.Equal(2, result.Devices.Distinct().Count());
        Assert.All(cluster.Workers, w => Assert.Single(w.Proven));
        Assert.All(result.Chunks, c => Assert.True(c.BytesSent > 0 && c.BytesReceived == result.Proofs[c.Chunk].Proof.Length));
        Assert.True(result.ModelBytesSent >= 2 * model.Blob.Model.Length); // once per worker
    }

    [Fact]
    public async Task ACorruptedProofIsRejectedAndTheChunkProvenElsewhere()
    {
        // Worker 0 flips a byte in every proof it returns; worker 1 is honest.
        static byte[] Flip(int chunk, byte[] proof)
        {
            var bad = proof.ToArray();
            bad[bad.Length / 2] ^= 1;
            return bad;
        }
        await using var cluster = await TestCluster.StartAsync(ClusterConnection.Localhost(FreePorts.NextPair()), 2, Flip, null);
        var events = new List<ChunkEvent>();
        var result = await cluster.NewCoordinator().RunAsync(Job("faulty") with { OnEvent = events.Add }).WaitAsync(JobLimit);

        Assert.Equal((true, (string?)null), BundleVerifier.Verify(model.Vks, result.Proofs));
        Assert.NotEmpty(cluster.Workers[0].Proven);
        Assert.Equal(2, cluster.Workers[1].Proven.Count);
        var rejected = Assert.Single(events, e => e.Kind == ChunkEventKind.Failed);
        Assert.Contains("does not", rejected.Error);
        Assert.Single(result.Devices.Distinct()); // every kept proof is the honest worker's
        Assert.Contains(result.Chunks, c => c.FailedOn.Count == 1);
    }

    [Fact]
    public async Task AResumedJobKeepsItsVerifiedChunks()
    {
        await using var cluster = await TestCluster.StartAsync(ClusterConnection.Localhost(FreePorts.NextPair()), 2);
        var job = Job("resume-local");
        var first = await cluster.NewCoordinator().RunAsync(job).WaitAsync(JobLimit);
        var again = await cluster.NewCoordinator().RunAsync(job with { Resume = true }).WaitAsync(JobLimit);

        Assert.All(again.Run.Chunks, c => Assert.True(c.Resumed));
        Assert.Equal(2, cluster.Workers.Sum(w => w.Proven.Count));
        Assert.Equal((true, (string?)null), BundleVerifier.Verify(model.Vks, again.Proofs));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => cluster.NewCoordinator().RunAsync(job with { Resume = false }).WaitAsync(JobLimit));
        Assert.Contains("exists already", e.Message);
        _ = first;
    }
}

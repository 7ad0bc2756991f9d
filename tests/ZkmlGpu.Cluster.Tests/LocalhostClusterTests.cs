using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Tests;

/// <summary>A coordinator and two worker silos in this process with Orleans' localhost clustering.</summary>
public sealed class LocalhostClusterTests(LocalhostClusterFixture fixture) : IClassFixture<LocalhostClusterFixture>
{
    internal static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(300); // generous: CI machines may be loaded
    private static TestModel Model => TestModel.Shared;
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task ChunksSpreadOverBothWorkersAndTheBundleVerifies()
    {
        var before = Cluster.Workers.Select(w => w.Proven.Count).ToArray();
        var result = await Cluster.NewCoordinator().RunAsync(Model.Job("spread")).WaitAsync(JobLimit);

        Assert.Equal((true, (string?)null), BundleVerifier.Verify(Model.Vks, result.Proofs));
        Assert.Equal(2, result.Workers);
        Assert.Equal(2, result.Devices.Distinct().Count());
        Assert.Equal([1, 1], Cluster.Workers.Select((w, i) => w.Proven.Count - before[i]));
        Assert.All(result.Chunks, c => Assert.True(c.BytesSent > 0 && c.BytesReceived == result.Proofs[c.Chunk].Proof.Length));
    }

    [Fact]
    public async Task ACorruptedProofIsRejectedAndTheChunkProvenElsewhere()
    {
        // Worker 0 flips a bit in every proof it returns; worker 1 is honest.
        Cluster.Workers[0].Tamper = (_, proof) =>
        {
            var bad = proof.ToArray();
            bad[bad.Length / 2] ^= 1;
            return bad;
        };
        try
        {
            var events = new List<ChunkEvent>();
            var result = await Cluster.NewCoordinator().RunAsync(Model.Job("faulty") with { OnEvent = events.Add }).WaitAsync(JobLimit);

            Assert.Equal((true, (string?)null), BundleVerifier.Verify(Model.Vks, result.Proofs));
            var rejected = Assert.Single(events, e => e.Kind == ChunkEventKind.Failed);
            Assert.Contains("the proof does not", rejected.Error);
            var chunk = Assert.Single(result.Chunks, c => c.FailedOn.Count == 1);
            Assert.Equal(rejected.Device, chunk.FailedOn[0]);
            Assert.Single(result.Devices.Distinct()); // every kept proof is the honest worker's
            Assert.DoesNotContain(rejected.Device, result.Devices);
        }
        finally { Cluster.Workers[0].Tamper = null; }
    }

    [Fact]
    public async Task AJobRunAgainWithResumeKeepsItsVerifiedChunks()
    {
        var job = Model.Job("resume-local");
        await Cluster.NewCoordinator().RunAsync(job).WaitAsync(JobLimit);
        int proven = Cluster.Workers.Sum(w => w.Proven.Count);
        var again = await Cluster.NewCoordinator().RunAsync(job with { Resume = true }).WaitAsync(JobLimit);

        Assert.All(again.Run.Chunks, c => Assert.True(c.Resumed));
        Assert.Equal(proven, Cluster.Workers.Sum(w => w.Proven.Count));
        Assert.Equal((true, (string?)null), BundleVerifier.Verify(Model.Vks, again.Proofs));
        var fresh = await Assert.ThrowsAnyAsync<Exception>(() => Cluster.NewCoordinator().RunAsync(job).WaitAsync(JobLimit));
        Assert.Contains("exists already", fresh.Message);
        var other = await Assert.ThrowsAnyAsync<Exception>(() => Cluster.NewCoordinator().RunAsync(Model.Job("resume-local") with { Resume = true }).WaitAsync(JobLimit));
        Assert.Contains("different salts", other.Message);
    }
}

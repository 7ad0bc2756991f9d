using System.Collections.Concurrent;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Gpu.Ilgpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>A four-chunk model (the middle two of equal shape) proven once chunk by chunk in a loop: the reference bundle.</summary>
public sealed class ScheduledBundleFixture : IDisposable
{
    public ScheduledBundleFixture()
    {
        var b = new OnnxModelBuilder().Input("x", 1, 6);
        string prev = "x";
        for (int i = 0; i < 4; i++) { b.Node("Neg", [prev], [$"n{i}"]); prev = $"n{i}"; }
        Model = Quantizer.Quantize(OnnxImporter.Load(b.Output(prev).Build(), "neg"), new Settings());
        Plan = ChunkPlanner.Even(Model, 4, _ => 1);
        var inputs = IntegerExecutor.QuantizeInputs(Model, [[1f, -1f, 2f, -2f, 0.5f, 0f]]);
        Activations = IntegerExecutor.Run(Model, inputs);
        Secrets = ChunkSecrets.Fresh(4);
        SequentialKeys = ChunkKeySet.Create(Plan, Srs, Device);
        Sequential = Plan.Chunks.Select(c => ChunkedProver.Prove(SequentialKeys, c, Activations, Secrets)).ToArray();
    }

    public static Srs Srs(int k) => Prover.Kzg.Srs.CreateInsecureDevelopmentSrs(1 << k, 5);

    public CpuDevice Device { get; } = new();
    public QuantizedModel Model { get; }
    public ChunkPlan Plan { get; }
    public Activations Activations { get; }
    public ChunkSecrets Secrets { get; }
    public ChunkKeySet SequentialKeys { get; }
    public IReadOnlyList<ChunkProof> Sequential { get; }

    public void Dispose()
    {
        SequentialKeys.Dispose();
        Device.Dispose();
    }
}

/// <summary>
/// Bundles proven through the scheduler on real backends: verified, equal in public values to the bundle proven in a
/// loop, whatever the placement, a lost device, or a stop and resume.
/// </summary>
public class ScheduledChunkProverTests(ScheduledBundleFixture f) : IClassFixture<ScheduledBundleFixture>
{
    private void AssertVerifiesLikeTheSequentialBundle(ChunkKeySet keys, IReadOnlyList<ChunkProof> proofs)
    {
        Assert.Equal(f.SequentialKeys.DigestHex, keys.DigestHex); // keygen is deterministic, wherever it ran
        var vks = f.Plan.Chunks.Select(c => keys.For(c.Index).Vk).ToArray();
        Assert.Equal((true, (string?)null), BundleVerifier.Verify(vks, proofs));
        for (int i = 0; i < proofs.Count; i++)
        {
            Assert.Equal(f.Sequential[i].Statement, proofs[i].Statement);
            Assert.Equal(f.Sequential[i].ModelInputs, proofs[i].ModelInputs);
            Assert.Equal(f.Sequential[i].ModelOutputs, proofs[i].ModelOutputs);
        }
    }

    /// <remarks>
    /// The CPU backend and ILGPU's CPU accelerator (the GPU kernels run as .NET code) as two logical devices. The
    /// accelerator's simulated kernels take minutes for a 2^13-row chunk, so it is given the memory of the smallest
    /// chunk alone (2^8 rows): the scheduler must keep the larger chunks off it and start that one there at once,
    /// beside the CPU's first chunk. Its keygen and its proof must agree with the CPU backend's.
    /// </remarks>
    [Fact]
    public async Task TheCpuBackendAndIlgpusCpuAcceleratorProveOneModelsChunksInParallelIntoTheSequentialBundle()
    {
        using var cpu = new CpuDevice();
        using var accelerator = IlgpuDevices.OpenCpuAccelerator();
        using var keys = ChunkKeySet.Prepare(f.Plan, ScheduledBundleFixture.Srs);
        int smallest = f.Plan.Chunks.MinBy(c => keys.EstimatedProverBytes(c.Index))!.Index;
        long acceleratorMemory = keys.EstimatedProverBytes(smallest);
        Assert.All(f.Plan.Chunks.Where(c => c.Index != smallest), c => Assert.True(keys.EstimatedProverBytes(c.Index) > acceleratorMemory));
        var events = new ConcurrentQueue<ChunkEvent>();
        var run = await ScheduledChunkProver.ProveAsync(keys, f.Activations, f.Secrets,
            [ChunkDevice.For(cpu, 1L << 34), ChunkDevice.For(accelerator, acceleratorMemory, "ilgpu-cpu")], new ScheduledProveOptions { OnEvent = events.Enqueue });

        Assert.True(run.IsComplete);
        Assert.Equal("ilgpu-cpu", run.Chunks.Single(c => c.Chunk == smallest).Device);
        Assert.All(run.Chunks.Where(c => c.Chunk != smallest), c => Assert.Equal("cpu", c.Device));
        Assert.All(run.Chunks, c => Assert.Empty(c.FailedOn));
        // Both were busy at once: the first two starts, one on each device, came before any chunk was done.
        var ordered = events.OrderBy(e => e.At).ToArray();
        var firstStarts = ordered.TakeWhile(e => e.Kind != ChunkEventKind.Done).Where(e => e.Kind == ChunkEventKind.Started).Select(e => e.Device).ToArray();
        Assert.Equal(["cpu", "ilgpu-cpu"], firstStarts.Order());
        AssertVerifiesLikeTheSequentialBundle(keys, run.Results);
    }

    /// <remarks>Two instances of the CPU backend as two logical devices, each with its own copy of the SRS and keys.</remarks>
    [Fact]
    public async Task TwoDevicesProveOneModelsChunksInParallelIntoTheSequentialBundle()
    {
        using var first = new CpuDevice();
        using var second = new CpuDevice();
        using var keys = ChunkKeySet.Prepare(f.Plan, ScheduledBundleFixture.Srs);
        var events = new ConcurrentQueue<ChunkEvent>();
        var run = await ScheduledChunkProver.ProveAsync(keys, f.Activations, f.Secrets,
            [ChunkDevice.For(first, 1L << 34, "cpu-a"), ChunkDevice.For(second, 1L << 34, "cpu-b")], new ScheduledProveOptions { OnEvent = events.Enqueue });

        Assert.True(run.IsComplete);
        Assert.All(run.Report.Devices, d => Assert.True(d.Chunks > 0, $"{d.Device} proved no chunk"));
        Assert.Equal(["cpu-a", "cpu-b"], run.Chunks.Select(c => c.Device).Distinct().Order());
        // Both devices were busy at once: the second chunk started before the first was done.
        var ordered = events.OrderBy(e => e.At).ToArray();
        Assert.Equal(ChunkEventKind.Started, ordered[0].Kind);
        Assert.True(ordered.Where(e => e.Kind == ChunkEventKind.Started).Take(2).Select(e => e.Device).Distinct().Count() == 2
            && ordered.TakeWhile(e => e.Kind != ChunkEventKind.Done).Count(e => e.Kind == ChunkEventKind.Started) == 2);
        Assert.Equal(3, keys.DistinctKeys); // one keygen for the two equal middle chunks, shared across devices
        AssertVerifiesLikeTheSequentialBundle(keys, run.Results);
    }

    [Fact]
    public async Task ALostDeviceLosesItsChunkToAnotherAndTheBundleStillVerifies()
    {
        using var cpu = new CpuDevice();
        var lost = new LostDevice(cpu);
        using var keys = ChunkKeySet.Prepare(f.Plan, ScheduledBundleFixture.Srs);
        var events = new ConcurrentQueue<ChunkEvent>();
        var run = await ScheduledChunkProver.ProveAsync(keys, f.Activations, f.Secrets,
            [ChunkDevice.For(cpu, 1L << 34), ChunkDevice.For(lost, 1L << 34, "lost")],
            new ScheduledProveOptions { OnEvent = events.Enqueue, RetireDeviceAfter = 1 });

        Assert.True(run.IsComplete);
        Assert.True(lost.Failures > 0);
        Assert.All(run.Chunks, c => Assert.Equal("cpu", c.Device));
        var failed = Assert.Single(run.Chunks, c => c.FailedOn.Count > 0);
        Assert.Equal(["lost"], failed.FailedOn);
        Assert.Contains(events, e => e.Kind == ChunkEventKind.Failed && e.Device == "lost" && e.Error!.Contains("device lost"));
        Assert.Contains(events, e => e.Kind == ChunkEventKind.DeviceRetired && e.Device == "lost");
        AssertVerifiesLikeTheSequentialBundle(keys, run.Results);
    }

    [Fact]
    public async Task AStoppedRunResumesWithoutProvingItsFinishedChunksAgain()
    {
        using var cpu = new CpuDevice();
        using var keys = ChunkKeySet.Prepare(f.Plan, ScheduledBundleFixture.Srs);
        using var stop = new CancellationTokenSource();
        var first = await ScheduledChunkProver.ProveAsync(keys, f.Activations, f.Secrets, [ChunkDevice.For(cpu, 1L << 34)],
            new ScheduledProveOptions { OnEvent = e => { if (e.Kind == ChunkEventKind.Done) stop.Cancel(); } }, cancellation: stop.Token);
        Assert.True(first.Cancelled);
        Assert.Single(first.Chunks); // the stop is seen before the next chunk's prover starts
        int kept = first.Chunks[0].Chunk;

        var events = new ConcurrentQueue<ChunkEvent>();
        var second = await ScheduledChunkProver.ProveAsync(keys, f.Activations, f.Secrets, [ChunkDevice.For(cpu, 1L << 34)],
            new ScheduledProveOptions { OnEvent = events.Enqueue, Resume = first.Chunks });
        Assert.True(second.IsComplete);
        Assert.Equal([kept], events.Where(e => e.Kind == ChunkEventKind.Resumed).Select(e => e.Chunk));
        Assert.DoesNotContain(events, e => e.Kind == ChunkEventKind.Started && e.Chunk == kept);
        Assert.Equal(3, events.Count(e => e.Kind == ChunkEventKind.Done));
        Assert.True(second.Chunks[kept].Resumed);
        Assert.Same(first.Chunks[0].Value, second.Chunks[kept].Value);
        AssertVerifiesLikeTheSequentialBundle(keys, second.Results);
    }

    [Fact]
    public void AKeyMadeOnOneDeviceProvesOnAnotherAndIsCopiedOnce()
    {
        using var other = new CpuDevice();
        using var keys = ChunkKeySet.Prepare(f.Plan, ScheduledBundleFixture.Srs);
        var made = keys.Make(1, f.Device);
        Assert.Same(made, keys.Make(2, other)); // chunks 1 and 2 share a shape: made once
        Assert.True(keys.IsShared(2));
        var copy = keys.For(2, other);
        Assert.NotSame(made, copy);
        Assert.Same(copy, keys.For(1, other));
        Assert.Same(other, copy.Device);
        var proof = ChunkedProver.Prove(keys, f.Plan.Chunks[2], f.Activations, f.Secrets, other);
        Assert.True(ChunkedProver.Verify(made.Vk, proof));
        Assert.Equal(f.Sequential[2].Statement, proof.Statement);
        Assert.Throws<InvalidOperationException>(() => keys.For(0));
    }
}

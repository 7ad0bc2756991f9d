using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Worker;

/// <summary>One device of a worker: opened on first use, its proving keys by verifying-key digest, and what it runs.</summary>
internal sealed class WorkerDevice(ChunkWorker worker, Func<ChunkWorker, IComputeDevice> open) : IDisposable
{
    private readonly Lazy<IComputeDevice> device = new(() => open(worker));

    public ChunkWorker Worker { get; } = worker;
    public IComputeDevice Device => device.Value;
    public ShapeKeyCache<ProvingKey> Keys { get; } = new();
    public int RunningChunk { get; set; } = -1;
    public int ChunksDone { get; set; }

    public void Dispose()
    {
        if (device.IsValueCreated) device.Value.Dispose();
    }
}

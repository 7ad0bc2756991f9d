using ZkmlGpu.Gpu;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>A scheduler worker and the opened device its chunks are proven on.</summary>
public sealed record ChunkDevice(ChunkWorker Worker, IComputeDevice Device)
{
    /// <summary>A worker for <paramref name="device"/> named by its spec (or <paramref name="name"/>: two devices with one spec need two names).</summary>
    public static ChunkDevice For(IComputeDevice device, long memoryBytes, string? name = null) =>
        new(new ChunkWorker(name ?? device.Spec.ToString(), memoryBytes) { Spec = device.Spec }, device);
}

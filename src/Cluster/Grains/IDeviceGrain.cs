using ZkmlGpu.Cluster.Messages;

namespace ZkmlGpu.Cluster.Grains;

/// <summary>One device of a worker, one chunk at a time. Keyed by <see cref="Placement.WorkerKeys.Device"/>; lives on that silo.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    Task<ChunkProofMessage> ProveAsync(ChunkWorkMessage work);
}

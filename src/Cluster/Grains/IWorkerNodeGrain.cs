using ZkmlGpu.Cluster.Messages;

namespace ZkmlGpu.Cluster.Grains;

/// <summary>A silo's worker: what it offers, and the models it holds. Keyed by <see cref="Placement.WorkerKeys.Node"/>; lives on that silo.</summary>
public interface IWorkerNodeGrain : IGrainWithStringKey
{
    /// <summary>The worker's devices; null when the silo offers none (a coordinator).</summary>
    Task<WorkerInfo?> DescribeAsync();

    Task<bool> HasModelAsync(string digest);

    Task LoadModelAsync(string digest, ModelBlob model);
}

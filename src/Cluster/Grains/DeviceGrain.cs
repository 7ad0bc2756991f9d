using Microsoft.Extensions.DependencyInjection;
using ZkmlGpu.Cluster.Messages;
using ZkmlGpu.Cluster.Placement;
using ZkmlGpu.Cluster.Work;
using ZkmlGpu.Cluster.Worker;

namespace ZkmlGpu.Cluster.Grains;

[SiloPinnedPlacement]
internal sealed class DeviceGrain(IServiceProvider services) : Grain, IDeviceGrain
{
    private readonly WorkerNode? node = services.GetService<WorkerNode>();

    public Task<ChunkProofMessage> ProveAsync(ChunkWorkMessage work)
    {
        var n = node ?? throw new InvalidOperationException("this silo is not a worker");
        var decoded = ChunkWorkEncoding.Decode(work.Work);
        string device = WorkerKeys.DeviceOf(this.GetPrimaryKeyString());
        return GrainErrors.Run(() => n.ProveAsync(decoded, device));
    }
}

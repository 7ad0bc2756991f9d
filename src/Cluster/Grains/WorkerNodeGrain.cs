using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using ZkmlGpu.Cluster.Messages;
using ZkmlGpu.Cluster.Placement;
using ZkmlGpu.Cluster.Worker;

namespace ZkmlGpu.Cluster.Grains;

[SiloPinnedPlacement, Reentrant]
internal sealed class WorkerNodeGrain(IServiceProvider services, ILocalSiloDetails silo) : Grain, IWorkerNodeGrain
{
    private readonly WorkerNode? node = services.GetService<WorkerNode>();

    public Task<WorkerInfo?> DescribeAsync() => Task.FromResult(node is null ? null
        : new WorkerInfo(this.GetPrimaryKeyString(), silo.SiloAddress.Endpoint.ToString(), Environment.MachineName, node.Describe()));

    public Task<bool> HasModelAsync(string digest) => Task.FromResult(Node.HasModel(digest));

    public Task LoadModelAsync(string digest, ModelBlob model) => GrainErrors.Run(() => Node.LoadModel(digest, model));

    private WorkerNode Node => node ?? throw new InvalidOperationException($"silo {silo.SiloAddress} is not a worker");
}

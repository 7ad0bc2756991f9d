using Orleans.Runtime;

namespace ZkmlGpu.Cluster.Placement;

/// <summary>Places a grain on the silo its key names (<see cref="WorkerKeys"/>): a worker's grains run where its devices are.</summary>
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    public static SiloPinnedPlacement Instance { get; } = new();
}

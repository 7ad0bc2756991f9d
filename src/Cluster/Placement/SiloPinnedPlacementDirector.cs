using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace ZkmlGpu.Cluster.Placement;

/// <summary>Activates a <see cref="SiloPinnedPlacement"/> grain on the silo named by its key, and nowhere else.</summary>
internal sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silo = WorkerKeys.SiloOf(target.GrainIdentity.Key.ToString());
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new SiloUnavailableException($"worker silo {silo} is not an active member of the cluster");
        return Task.FromResult(silo);
    }
}

using Orleans.Runtime;
using ZkmlGpu.Cluster.Grains;
using ZkmlGpu.Cluster.Messages;
using ZkmlGpu.Cluster.Placement;

namespace ZkmlGpu.Cluster.Coordinator;

/// <summary>Finds the workers of a cluster: every active silo that offers devices.</summary>
public static class ClusterWorkers
{
    /// <summary>The workers now; a silo that does not answer within <paramref name="perSilo"/> is left out.</summary>
    public static async Task<IReadOnlyList<WorkerInfo>> ListAsync(IGrainFactory grains, TimeSpan? perSilo = null, CancellationToken cancellation = default)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(30), cancellation).ConfigureAwait(false);
        var asks = hosts.Keys.Select(async silo =>
        {
            try
            {
                return await grains.GetGrain<IWorkerNodeGrain>(WorkerKeys.Node(silo)).DescribeAsync()
                    .WaitAsync(perSilo ?? TimeSpan.FromSeconds(10), cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansException) { return null; }
        }).ToArray();
        var answers = await Task.WhenAll(asks).ConfigureAwait(false);
        return answers.OfType<WorkerInfo>().OrderBy(w => w.Endpoint, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Waits until at least <paramref name="count"/> workers have joined; a <see cref="TimeoutException"/> names how many did.</summary>
    public static async Task<IReadOnlyList<WorkerInfo>> WaitForAsync(IGrainFactory grains, int count, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var workers = await ListAsync(grains, cancellation: cancellation).ConfigureAwait(false);
            if (workers.Count >= count) return workers;
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"{workers.Count} of {count} worker(s) joined the cluster within {timeout.TotalSeconds:0} s");
            await Task.Delay(200, cancellation).ConfigureAwait(false);
        }
    }
}

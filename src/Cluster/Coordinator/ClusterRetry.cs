namespace ZkmlGpu.Cluster.Coordinator;

/// <summary>
/// Retries a grain call whose message could not be sent. Until the cluster's membership notices that a silo died
/// (a few seconds of missed probes), calls to grains on live silos can still fail this way: the dead silo owned
/// their entries in the distributed grain directory. A call that was delivered is never repeated.
/// </summary>
internal static class ClusterRetry
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(45), Pause = TimeSpan.FromMilliseconds(500);

    public static async Task<T> UntilSentAsync<T>(Func<Task<T>> call, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            try { return await call().ConfigureAwait(false); }
            catch (OrleansMessageRejectionException) when (DateTime.UtcNow < deadline && !cancellation.IsCancellationRequested)
            {
                await Task.Delay(Pause, cancellation).ConfigureAwait(false);
            }
        }
    }

    public static Task UntilSentAsync(Func<Task> call, CancellationToken cancellation) =>
        UntilSentAsync(async () => { await call().ConfigureAwait(false); return true; }, cancellation);
}

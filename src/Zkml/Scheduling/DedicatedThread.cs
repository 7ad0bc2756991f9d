namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// Runs blocking, seconds-long work (a proof, a keygen, a witness) on a thread of its own. On a thread-pool thread
/// it would hold one of the pool's few threads while its own parallel loops wait for others, and the pool adds
/// threads only slowly: proofs then ran on one core for a while, at random.
/// </summary>
public static class DedicatedThread
{
    public static Task<T> Run<T>(Func<T> work, CancellationToken cancellation = default) =>
        Task.Factory.StartNew(work, cancellation, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
}

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// The in-process scheduler: one job at a time per device, placement by <see cref="ChunkPlacement"/> with speeds
/// learned from finished jobs, witnesses prepared ahead on the CPU, keygen once per shape, a device that fails a job
/// never given that job again. See <see cref="IChunkScheduler"/> for the contract.
/// </summary>
public sealed class LocalChunkScheduler : IChunkScheduler
{
    public Task<ChunkRun<TResult>> RunAsync<TWitness, TKey, TResult>(ChunkRunRequest<TWitness, TKey, TResult> request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new LocalChunkRun<TWitness, TKey, TResult>(request, cancellation).ExecuteAsync();
    }
}

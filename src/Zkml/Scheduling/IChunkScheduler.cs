namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// Runs a set of chunk jobs on a set of devices and returns every result in chunk order, whatever the placement.
/// <see cref="LocalChunkScheduler"/> runs in process; the cluster implements the same contract over its workers.
/// A run ends in one of three ways: every chunk finished; cancelled (<see cref="ChunkRun{TResult}.Cancelled"/>, the
/// finished chunks kept for a resume); or a <see cref="ChunkSchedulingException"/> (bad input, or a chunk that
/// failed on every device), whose message is one line naming the device or chunk.
/// </summary>
public interface IChunkScheduler
{
    Task<ChunkRun<TResult>> RunAsync<TWitness, TKey, TResult>(ChunkRunRequest<TWitness, TKey, TResult> request, CancellationToken cancellation = default);
}

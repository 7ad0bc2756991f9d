namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>A run that ended because a chunk could not be finished; carries the chunks that were, for a resume.</summary>
public sealed class ChunkRunFailedException<TResult> : ChunkSchedulingException
{
    public ChunkRunFailedException(string message, int chunk, IReadOnlyList<ChunkResult<TResult>> finished, Exception? inner = null)
        : base(message, chunk, inner) => Finished = finished;

    public IReadOnlyList<ChunkResult<TResult>> Finished { get; }
}

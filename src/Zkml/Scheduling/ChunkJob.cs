using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// One unit of work for a scheduler: chunk <see cref="Chunk"/>, its expected proving <see cref="Cost"/> (any unit,
/// e.g. estimated rows; only ratios matter), the device memory it needs, and the <see cref="ShapeKey"/> of its
/// circuit shape: chunks with equal keys share one keygen.
/// </summary>
public sealed record ChunkJob(int Chunk, double Cost, long MemoryBytes, string ShapeKey)
{
    /// <summary>A job for a planned chunk, with its estimated rows as the cost.</summary>
    public static ChunkJob For(Chunk chunk, long memoryBytes, string shapeKey) => new(chunk.Index, chunk.EstimatedRows, memoryBytes, shapeKey);
}

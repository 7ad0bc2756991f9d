using ZkmlGpu.Field;

namespace ZkmlGpu.Cluster.Work;

/// <summary>
/// Everything a worker needs to prove one chunk besides the model (named by <see cref="ModelDigest"/>, sent once):
/// the SRS it must use (digest), the plan's cut points, the chunk's position, the two salts of its boundaries, the
/// verifying-key digest its key must have, and the values crossing into it (its <c>Chunk.Inputs</c> in order).
/// </summary>
public sealed record ChunkWork(
    string ModelDigest,
    string SrsDigest,
    IReadOnlyList<int> Cuts,
    int Index,
    int Count,
    Fr InputSalt,
    Fr OutputSalt,
    string VerifyingKeyDigest,
    IReadOnlyList<long[]> Inputs);

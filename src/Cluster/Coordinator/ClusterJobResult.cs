using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Coordinator;

/// <summary>
/// A finished (or cancelled) job: the scheduler's run (every chunk's verified <see cref="ChunkProof"/> and device),
/// per-chunk transfer figures, the bytes of models sent to workers, and the job's wall time.
/// </summary>
public sealed record ClusterJobResult(ChunkRun<ChunkProof> Run, IReadOnlyList<ClusterChunkStats> Chunks, long ModelBytesSent, double ModelSendMs,
    int Workers, double TotalMs)
{
    public IReadOnlyList<ChunkProof> Proofs => Run.Results;
    public IReadOnlyList<string> Devices => Run.Chunks.Select(c => c.Device).ToArray();
}

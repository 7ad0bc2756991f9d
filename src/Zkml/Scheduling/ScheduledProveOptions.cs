using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>What a scheduled bundle proof reports and carries over (see <see cref="ScheduledChunkProver"/>).</summary>
public sealed record ScheduledProveOptions
{
    public Action<ChunkEvent>? OnEvent { get; init; }

    /// <summary>Called as each chunk's proof is made and checked (e.g. to write it at once, so a stopped run keeps it).</summary>
    public Action<ChunkResult<ChunkProof>>? OnChunkDone { get; init; }

    /// <summary>Chunk proofs of an earlier run of the same plan, keys, input and salts: kept, not proven again.</summary>
    public IReadOnlyList<ChunkResult<ChunkProof>> Resume { get; init; } = [];

    /// <summary>Prover options (blinding source); the run adds its cancellation between prover phases.</summary>
    public ProverOptions? Prover { get; init; }

    /// <summary>A device that fails this many chunks in a row gets no more; 0: never retired.</summary>
    public int RetireDeviceAfter { get; init; } = 3;
}

using ZkmlGpu.Field;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// The private salts of one proving run: salt i hides the values at cut i (cut 0 is the model input, cut N the model
/// output), shared by the chunks on either side. Fresh per run from a CSPRNG; kept by the prover, never in a bundle.
/// </summary>
public sealed class ChunkSecrets
{
    public ChunkSecrets(IReadOnlyList<Fr> salts)
    {
        if (salts.Count < 2) throw new ArgumentException("a run with N chunks has N + 1 salts");
        Salts = salts.ToArray();
    }

    public IReadOnlyList<Fr> Salts { get; }

    public static ChunkSecrets Fresh(int chunks) => new(Enumerable.Range(0, chunks + 1).Select(_ => BoundaryCommitment.NewSalt()).ToArray());

    /// <summary>Salts for keygen: the salt is advice, so its value does not change the circuit's shape.</summary>
    public static ChunkSecrets ForShape(int chunks) => new(Enumerable.Repeat(Fr.Zero, chunks + 1).ToArray());

    public Fr InputSalt(Chunk chunk) => Salts[chunk.Index];
    public Fr OutputSalt(Chunk chunk) => Salts[chunk.Index + 1];
}

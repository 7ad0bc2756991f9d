using ZkmlGpu.Field;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>One chunk's proof (encoded) with its public inputs: the model's public inputs or outputs where it holds them, and its statement.</summary>
public sealed record ChunkProof(int Index, byte[] Proof, Fr[] ModelInputs, Fr[] ModelOutputs, ChunkStatement Statement, double ProveMs)
{
    /// <summary>The instance columns in the circuit's order: "input", "output", "chunk".</summary>
    public Fr[][] PublicInputs => [ModelInputs, ModelOutputs, Statement.ToInstance()];
}

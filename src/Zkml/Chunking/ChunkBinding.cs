using ZkmlGpu.Field;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// Makes a <see cref="Circuits.ModelCircuit"/> a chunk circuit: its inputs and outputs are committed in-circuit with
/// these salts and the <see cref="ChunkStatement"/> is its instance column "chunk".
/// </summary>
public sealed record ChunkBinding(int Index, int Count, Fr InputSalt, Fr OutputSalt)
{
    public static ChunkBinding For(Chunk chunk, ChunkSecrets secrets) => new(chunk.Index, chunk.Count, secrets.InputSalt(chunk), secrets.OutputSalt(chunk));
}

using ZkmlGpu.Field;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// What a chunk proof states publicly, in instance column "chunk" in this order: its position (index and chunk
/// count, so equal-shape chunks sharing one key cannot stand in for each other), the commitment of the activations
/// it reads at its input cut and of those it writes at its output cut (docs/boundary-commitments.md).
/// </summary>
public sealed record ChunkStatement(int Index, int Count, Fr InputCommitment, Fr OutputCommitment)
{
    public const string Column = "chunk";
    public const int Length = 4;

    public Fr[] ToInstance() => [Fr.FromInt64(Index), Fr.FromInt64(Count), InputCommitment, OutputCommitment];

    /// <summary>Reads the column back; null when it is not exactly four elements with a valid position.</summary>
    public static ChunkStatement? FromInstance(IReadOnlyList<Fr> column)
    {
        if (column.Count != Length) return null;
        var index = column[0].ToBigInteger();
        var count = column[1].ToBigInteger();
        if (count < 1 || count > int.MaxValue || index < 0 || index >= count) return null;
        return new ChunkStatement((int)index, (int)count, column[2], column[3]);
    }
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>
/// The LeanIMT root of n ≥ 1 cells, exactly src/Merkle's <c>MerkleTree</c>: each level pairs nodes 2i and 2i+1 into
/// Poseidon(left, right) and moves a last node without a sibling up unchanged (no hash, no cells); the root of one
/// leaf is the leaf. The leaves are copied in, so the root commits to the cells the caller's layers computed.
/// n − 1 permutations, packed <see cref="PoseidonChip.Lanes"/> to a block level by level.
/// </summary>
public sealed class LeanImtChip
{
    private readonly PoseidonChip _poseidon;

    public LeanImtChip(ChipSet chips) : this(chips.Get<PoseidonChip>()) { }

    public LeanImtChip(PoseidonChip poseidon) => _poseidon = poseidon;

    public PoseidonChip Poseidon => _poseidon;

    /// <summary>Poseidon blocks the root of <paramref name="leaves"/> leaves takes (0 for one leaf).</summary>
    public int Blocks(int leaves)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leaves, 1);
        int blocks = 0;
        for (int n = leaves; n > 1; n = (n + 1) / 2) blocks += _poseidon.Blocks(n / 2);
        return blocks;
    }

    /// <summary>Rows the root of <paramref name="leaves"/> leaves takes (0 for one leaf).</summary>
    public int Rows(int leaves) => _poseidon.RowsForBlocks(Blocks(leaves));

    /// <summary>Lays the tree out from <paramref name="offset"/> (taking <see cref="Rows"/> rows) and returns the root cell.</summary>
    public AssignedCell Root(Region region, int offset, IReadOnlyList<AssignedCell> leaves)
    {
        if (leaves.Count == 0) throw new ArgumentException("A LeanIMT root needs at least one leaf.", nameof(leaves));
        int lanes = _poseidon.Lanes.Count;
        var level = leaves.ToArray();
        while (level.Length > 1)
        {
            int pairs = level.Length / 2;
            var next = new AssignedCell[(level.Length + 1) / 2];
            for (int first = 0; first < pairs; first += lanes)
            {
                var inputs = Enumerable.Range(first, Math.Min(lanes, pairs - first))
                    .Select(i => (PoseidonInput.Of(level[2 * i]), PoseidonInput.Of(level[2 * i + 1]))).ToArray();
                _poseidon.Permute(region, offset, Fr.Zero, inputs).CopyTo(next, first);
                offset += _poseidon.BlockRows;
            }
            if (level.Length % 2 == 1) next[^1] = level[^1]; // no right sibling: moves up unchanged
            level = next;
        }
        return level[0];
    }
}

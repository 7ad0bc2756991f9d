using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Merkle;

/// <summary>
/// A binary Poseidon (circomlib, t = 3) Merkle tree with zk-kit's LeanIMT shape: level 0 holds the leaves; each
/// level pairs nodes 2i and 2i+1 into Poseidon(left, right), and a last node without a right sibling moves up
/// unchanged. The root over one leaf is the leaf itself; the root over zero leaves is defined as 0 (the boundary
/// commitment <see cref="MerkleCommitment"/> binds the count, so this cannot be confused with the tree [0]).
/// Levels are hashed in batches by <see cref="IComputeDevice.PoseidonHash"/>.
/// </summary>
public sealed class MerkleTree
{
    private readonly Fr[][] _levels;

    private MerkleTree(Fr[][] levels) => _levels = levels;

    public int LeafCount => _levels[0].Length;
    /// <summary>Number of hashing levels: ⌈log2 n⌉ (0 for n ≤ 1).</summary>
    public int Depth => _levels.Length - 1;
    public Fr Root => LeafCount == 0 ? Fr.Zero : _levels[^1][0];
    /// <summary>Poseidon(root, n): see <see cref="MerkleCommitment"/>.</summary>
    public Fr Commitment => MerkleCommitment.Compute(Root, LeafCount);
    public ReadOnlySpan<Fr> Leaves => _levels[0];
    /// <summary>Level 0 is the leaves, level Depth the root.</summary>
    public ReadOnlySpan<Fr> Level(int level) => _levels[level];

    /// <summary>Builds all levels on <paramref name="device"/> (the multithreaded CPU backend when null).</summary>
    public static MerkleTree Build(ReadOnlySpan<Fr> leaves, IComputeDevice? device = null)
    {
        var levels = new List<Fr[]> { leaves.ToArray() };
        if (leaves.Length > 1)
        {
            using var owned = device is null ? new CpuDevice() : null;
            var dev = device ?? owned!;
            var parameters = Poseidon.Parameters(3);
            while (levels[^1].Length > 1)
            {
                Fr[] level = levels[^1];
                int pairs = level.Length / 2;
                var next = new Fr[(level.Length + 1) / 2];
                using (var inputs = dev.Upload(level.AsSpan(0, 2 * pairs)))
                using (var outputs = dev.Allocate(pairs))
                {
                    dev.PoseidonHash(parameters, inputs, outputs);
                    outputs.CopyTo(next.AsSpan(0, pairs));
                }
                if (level.Length % 2 == 1) next[^1] = level[^1]; // no right sibling: moves up unchanged
                levels.Add(next);
            }
        }
        return new MerkleTree(levels.ToArray());
    }

    public static Fr ComputeRoot(ReadOnlySpan<Fr> leaves, IComputeDevice? device = null) => Build(leaves, device).Root;

    /// <summary>The inclusion proof of leaf <paramref name="index"/>: one sibling per level where the node has one.</summary>
    public MerkleProof GenerateProof(int index)
    {
        if ((uint)index >= (uint)LeafCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf index must be in [0, {LeafCount}).");
        var siblings = new List<Fr>(Depth);
        int i = index;
        for (int level = 0; level < Depth; level++)
        {
            Fr[] nodes = _levels[level];
            int sibling = i ^ 1;
            if (sibling < nodes.Length) siblings.Add(nodes[sibling]);
            i >>= 1;
        }
        return new MerkleProof(Root, LeafCount, index, _levels[0][index], siblings.ToArray());
    }
}

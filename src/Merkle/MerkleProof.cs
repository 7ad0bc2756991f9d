using System.Buffers.Binary;
using ZkmlGpu.Field;

namespace ZkmlGpu.Merkle;

/// <summary>
/// An inclusion proof in a <see cref="MerkleTree"/>: the leaf at <see cref="Index"/> of a tree of
/// <see cref="LeafCount"/> leaves with root <see cref="Root"/>, with one sibling per level at which the path node has
/// one, from the leaves up (LeanIMT: a node without a right sibling moves up unchanged and contributes none).
/// n and the index fix which levels have siblings and on which side, so the verifier binds the leaf's position,
/// not only a path. <see cref="PathBits"/> gives zk-kit's compressed index for interoperability.
/// </summary>
public sealed class MerkleProof
{
    /// <summary>Binary format magic "ZKMP", then format version 1.</summary>
    private static ReadOnlySpan<byte> Magic => "ZKMP"u8;
    private const byte FormatVersion = 1;
    private const int HeaderSize = 4 + 1 + 8 + 8 + 1;

    public MerkleProof(Fr root, long leafCount, long index, Fr leaf, Fr[] siblings)
    {
        ArgumentNullException.ThrowIfNull(siblings);
        Root = root;
        LeafCount = leafCount;
        Index = index;
        Leaf = leaf;
        Siblings = Array.AsReadOnly((Fr[])siblings.Clone());
    }

    public Fr Root { get; }
    public long LeafCount { get; }
    public long Index { get; }
    public Fr Leaf { get; }
    public IReadOnlyList<Fr> Siblings { get; }

    /// <summary>Poseidon(root, n): the boundary commitment this proof opens (see <see cref="MerkleCommitment"/>).</summary>
    public Fr Commitment => MerkleCommitment.Compute(Root, LeafCount);

    /// <summary>
    /// zk-kit LeanIMT's proof index: bit k set when the k-th sibling is on the left. −1 when (n, index) is invalid.
    /// </summary>
    public long PathBits
    {
        get
        {
            if (!IsValidPosition(LeafCount, Index)) return -1;
            long bits = 0;
            int k = 0;
            foreach (var (hasSibling, siblingIsLeft) in Path(LeafCount, Index))
            {
                if (!hasSibling) continue;
                if (siblingIsLeft) bits |= 1L << k;
                k++;
            }
            return bits;
        }
    }

    /// <summary>The number of siblings a proof for leaf <paramref name="index"/> of an n-leaf tree carries.</summary>
    public static int ExpectedSiblingCount(long leafCount, long index)
    {
        if (!IsValidPosition(leafCount, index)) throw new ArgumentOutOfRangeException(nameof(index), $"No leaf {index} in a tree of {leafCount} leaves.");
        int count = 0;
        foreach (var (hasSibling, _) in Path(leafCount, index)) if (hasSibling) count++;
        return count;
    }

    /// <summary>Recomputes the root from the leaf and siblings; false for any inconsistency.</summary>
    public bool Verify() => TryComputeRoot(out Fr computed) && computed == Root;

    /// <summary>True if the proof is valid and its root is <paramref name="expectedRoot"/>.</summary>
    public bool Verify(Fr expectedRoot) => expectedRoot == Root && Verify();

    /// <summary>True if the proof is valid and opens the boundary commitment Poseidon(root, n).</summary>
    public bool VerifyCommitment(Fr expectedCommitment) => expectedCommitment == Commitment && Verify();

    private bool TryComputeRoot(out Fr root)
    {
        root = default;
        if (!IsValidPosition(LeafCount, Index)) return false;
        Fr node = Leaf;
        int used = 0;
        foreach (var (hasSibling, siblingIsLeft) in Path(LeafCount, Index))
        {
            if (!hasSibling) continue;
            if (used == Siblings.Count) return false;
            Fr sibling = Siblings[used++];
            node = siblingIsLeft ? Poseidon.Hash(sibling, node) : Poseidon.Hash(node, sibling);
        }
        if (used != Siblings.Count) return false;
        root = node;
        return true;
    }

    private static bool IsValidPosition(long leafCount, long index) => leafCount >= 1 && index >= 0 && index < leafCount;

    /// <summary>Per level from the leaves: does the path node have a sibling, and is it on the left.</summary>
    private static IEnumerable<(bool HasSibling, bool SiblingIsLeft)> Path(long leafCount, long index)
    {
        for (long size = leafCount, i = index; size > 1; size = (size + 1) / 2, i >>= 1)
        {
            if ((i & 1) == 1) yield return (true, true);
            else yield return (i + 1 < size, false);
        }
    }

    /// <summary>
    /// Binary form: "ZKMP", version byte 1, n (u64 LE), index (u64 LE), sibling count (u8), root, leaf, siblings
    /// (each 32 bytes, big-endian canonical).
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderSize + 32 * (2 + Siblings.Count)];
        Magic.CopyTo(bytes);
        bytes[4] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(5), LeafCount);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(13), Index);
        bytes[21] = checked((byte)Siblings.Count);
        int o = HeaderSize;
        Root.WriteBytesBigEndian(bytes.AsSpan(o, 32)); o += 32;
        Leaf.WriteBytesBigEndian(bytes.AsSpan(o, 32)); o += 32;
        foreach (var s in Siblings) { s.WriteBytesBigEndian(bytes.AsSpan(o, 32)); o += 32; }
        return bytes;
    }

    /// <summary>Parses <see cref="ToBytes"/>; throws <see cref="InvalidEncodingException"/> for anything malformed.</summary>
    public static MerkleProof FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize + 64) throw new InvalidEncodingException($"A Merkle proof is at least {HeaderSize + 64} bytes, got {bytes.Length}.");
        if (!bytes[..4].SequenceEqual(Magic)) throw new InvalidEncodingException("Not a Merkle proof: bad magic.");
        if (bytes[4] != FormatVersion) throw new InvalidEncodingException($"Unsupported Merkle proof version {bytes[4]}.");
        long leafCount = BinaryPrimitives.ReadInt64LittleEndian(bytes[5..]);
        long index = BinaryPrimitives.ReadInt64LittleEndian(bytes[13..]);
        int count = bytes[21];
        CheckShape(leafCount, index, count);
        if (bytes.Length != HeaderSize + 32 * (2 + count))
            throw new InvalidEncodingException($"A Merkle proof with {count} siblings is {HeaderSize + 32 * (2 + count)} bytes, got {bytes.Length}.");
        int o = HeaderSize;
        Fr root = Fr.FromBytesBigEndian(bytes.Slice(o, 32)); o += 32;
        Fr leaf = Fr.FromBytesBigEndian(bytes.Slice(o, 32)); o += 32;
        var siblings = new Fr[count];
        for (int k = 0; k < count; k++, o += 32) siblings[k] = Fr.FromBytesBigEndian(bytes.Slice(o, 32));
        return new MerkleProof(root, leafCount, index, leaf, siblings);
    }

    /// <summary>Rejects a proof whose header cannot describe a leaf of a tree.</summary>
    internal static void CheckShape(long leafCount, long index, int siblingCount)
    {
        if (leafCount < 1) throw new InvalidEncodingException($"A Merkle proof needs a tree of at least one leaf, got {leafCount}.");
        if (index < 0 || index >= leafCount) throw new InvalidEncodingException($"Leaf index {index} is outside a tree of {leafCount} leaves.");
        int expected = ExpectedSiblingCount(leafCount, index);
        if (siblingCount != expected)
            throw new InvalidEncodingException($"Leaf {index} of a {leafCount}-leaf tree has {expected} siblings, the proof has {siblingCount}.");
    }
}

using System.Numerics;
using ZkmlGpu.Field;

namespace ZkmlGpu.Merkle;

/// <summary>
/// The boundary commitment to a vector of n values (see docs/merkle-commitments.md):
/// <c>commitment = Poseidon(root, n)</c> (circomlib, t = 3), where root is the <see cref="MerkleTree"/> root over the
/// values mapped to Fr by <see cref="ToField(BigInteger)"/>. Binding n means a vector and its extension by a
/// "moved up" tail, or the empty vector (root 0) and the one-element vector [0], never commit alike.
/// </summary>
public static class MerkleCommitment
{
    public static Fr Compute(Fr root, long leafCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafCount);
        return Poseidon.Hash(root, Fr.FromUInt64((ulong)leafCount));
    }

    /// <summary>Root and commitment over <paramref name="leaves"/>.</summary>
    public static Fr Compute(ReadOnlySpan<Fr> leaves) => Compute(MerkleTree.ComputeRoot(leaves), leaves.Length);

    /// <summary>
    /// A signed integer (e.g. a fixed-point activation scaled by 2^k) as a field element: x mod r, so −1 ↦ r − 1.
    /// Values with |x| ≥ r are rejected, since they would alias smaller ones.
    /// </summary>
    public static Fr ToField(BigInteger value)
    {
        if (BigInteger.Abs(value) >= Fr.Modulus)
            throw new ArgumentOutOfRangeException(nameof(value), value, "The value is outside the field: |x| must be below r = " + Fr.Modulus + ".");
        return Fr.FromBigInteger(value);
    }

    /// <inheritdoc cref="ToField(BigInteger)"/>
    public static Fr ToField(long value) => Fr.FromInt64(value);
}

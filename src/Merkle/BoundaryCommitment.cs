using System.Numerics;
using System.Text;
using ZkmlGpu.Field;

namespace ZkmlGpu.Merkle;

/// <summary>
/// The hiding commitment to the n values crossing a chunk boundary (docs/boundary-commitments.md):
/// <c>commitment = Poseidon.Compress(Domain(n), root, salt)</c>, the t = 3 permutation of [Domain(n), root, salt]
/// read at state[0], where root is the <see cref="MerkleTree"/> (LeanIMT) root of the values and salt a uniformly
/// random field element that the two chunks on either side of the cut hold as private advice. The count sits in the
/// capacity element next to a 128-bit tag, so the commitment is separated from Merkle nodes (capacity 0) and from
/// <see cref="Poseidon.HashVector"/> (capacity = a length below 2^64). The in-circuit gadget
/// (ZkmlGpu.Zkml.Circuits.Poseidon.BoundaryCommitmentChip) computes exactly this function.
/// </summary>
public static class BoundaryCommitment
{
    /// <summary>"ZkmlGpu boundary" read as a 128-bit big-endian integer.</summary>
    public static BigInteger Tag { get; } = new(Encoding.ASCII.GetBytes("ZkmlGpu boundary"), isUnsigned: true, isBigEndian: true);

    /// <summary>The capacity element for n values: Tag·2^64 + n (below 2^192, so injective in n and never 0 or a small length).</summary>
    public static Fr Domain(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Fr.FromBigInteger((Tag << 64) + count);
    }

    public static Fr Compute(Fr root, long count, Fr salt) => Poseidon.Compress(Domain(count), root, salt);

    /// <summary>The commitment to <paramref name="values"/> (any count, 0 included: the root of no values is 0).</summary>
    public static Fr Compute(ReadOnlySpan<Fr> values, Fr salt) => Compute(MerkleTree.ComputeRoot(values), values.Length, salt);

    /// <summary>A fresh salt: a uniform element of Fr (about 254 bits) from the operating system's CSPRNG.</summary>
    public static Fr NewSalt() => Fr.RandomSecure();
}

using System.Numerics;
using System.Text.Json;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Merkle.Tests;

public class MerkleTreeTests
{
    /// <summary>The LeanIMT root defined recursively: split at the largest power of two below n.</summary>
    internal static Fr NaiveRoot(ReadOnlySpan<Fr> leaves)
    {
        if (leaves.Length == 1) return leaves[0];
        int k = 1;
        while (2 * k < leaves.Length) k *= 2;
        return Poseidon.Hash(NaiveRoot(leaves[..k]), NaiveRoot(leaves[k..]));
    }

    internal static Fr[] Leaves(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Fr.Random(rng)).ToArray();
    }

    private static Fr Dec(JsonElement e) => Fr.FromBigInteger(BigInteger.Parse(e.GetString()!));

    [Fact]
    public void RootsAndProofsMatchLeanImtReference()
    {
        using var doc = TestData.Load("lean-imt-reference.json");
        var counts = new List<int>();
        foreach (var tree in doc.RootElement.GetProperty("trees").EnumerateArray())
        {
            var leaves = tree.GetProperty("leaves").EnumerateArray().Select(Dec).ToArray();
            var built = MerkleTree.Build(leaves);
            Assert.Equal(Dec(tree.GetProperty("root")), built.Root);
            Assert.Equal(tree.GetProperty("depth").GetInt32(), built.Depth);
            Assert.Equal(built.Root, NaiveRoot(leaves));
            foreach (var expected in tree.GetProperty("proofs").EnumerateArray())
            {
                var proof = built.GenerateProof(expected.GetProperty("leafIndex").GetInt32());
                Assert.Equal(Dec(expected.GetProperty("leaf")), proof.Leaf);
                Assert.Equal(expected.GetProperty("siblings").EnumerateArray().Select(Dec), proof.Siblings);
                Assert.Equal(expected.GetProperty("index").GetInt64(), proof.PathBits);
                Assert.True(proof.Verify());
            }
            counts.Add(leaves.Length);
        }
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100], counts);
    }

    [Fact]
    public void LeanImtReferenceLeavesFollowTheirRuleIncludingNegatives()
    {
        // The reference leaves include "negative" values p − (i + 1): the same field elements as ToField(−(i + 1)).
        using var doc = TestData.Load("lean-imt-reference.json");
        var leaves = doc.RootElement.GetProperty("trees").EnumerateArray().Last().GetProperty("leaves").EnumerateArray().Select(Dec).ToArray();
        for (int i = 0; i < leaves.Length; i++)
        {
            Fr expected = i % 4 == 3 ? MerkleCommitment.ToField(-(i + 1)) : Fr.FromBigInteger((BigInteger)i * i * 982451653 + 17);
            Assert.Equal(expected, leaves[i]);
        }
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(5)] [InlineData(7)] [InlineData(64)] [InlineData(65)]
    [InlineData(127)] [InlineData(128)] [InlineData(129)] [InlineData(1000)]
    public void RootEqualsNaiveRecursiveDefinition(int n)
    {
        var leaves = Leaves(n, n);
        var tree = MerkleTree.Build(leaves, new CpuDevice());
        Assert.Equal(NaiveRoot(leaves), tree.Root);
        Assert.Equal(n <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(n)), tree.Depth);
        Assert.Equal(Poseidon.Hash(tree.Root, Fr.FromUInt64((ulong)n)), tree.Commitment);
    }

    [Fact]
    public void SmallTreesHaveTheExpectedShape()
    {
        var l = Leaves(5, 1);
        Assert.Equal(l[0], MerkleTree.ComputeRoot(l[..1]));
        Assert.Equal(Poseidon.Hash(l[0], l[1]), MerkleTree.ComputeRoot(l[..2]));
        Assert.Equal(Poseidon.Hash(Poseidon.Hash(l[0], l[1]), l[2]), MerkleTree.ComputeRoot(l[..3]));
        Assert.Equal(Poseidon.Hash(Poseidon.Hash(Poseidon.Hash(l[0], l[1]), Poseidon.Hash(l[2], l[3])), l[4]), MerkleTree.ComputeRoot(l));
    }

    [Fact]
    public void EmptyTreeHasRootZeroAndACommitmentDistinctFromTheZeroLeaf()
    {
        var empty = MerkleTree.Build([]);
        Assert.Equal(0, empty.LeafCount);
        Assert.Equal(0, empty.Depth);
        Assert.Equal(Fr.Zero, empty.Root);
        Assert.Equal(Poseidon.Hash(Fr.Zero, Fr.Zero), empty.Commitment);
        var zeroLeaf = MerkleTree.Build([Fr.Zero]);
        Assert.Equal(empty.Root, zeroLeaf.Root);
        Assert.NotEqual(empty.Commitment, zeroLeaf.Commitment);
        Assert.Throws<ArgumentOutOfRangeException>(() => empty.GenerateProof(0));
    }

    [Fact]
    public void ProofForEveryLeafOfSmallTreesVerifies()
    {
        for (int n = 1; n <= 33; n++)
        {
            var leaves = Leaves(n, 100 + n);
            var tree = MerkleTree.Build(leaves);
            for (int i = 0; i < n; i++)
            {
                var proof = tree.GenerateProof(i);
                Assert.Equal(leaves[i], proof.Leaf);
                Assert.Equal(MerkleProof.ExpectedSiblingCount(n, i), proof.Siblings.Count);
                Assert.True(proof.Verify(tree.Root));
                Assert.True(proof.VerifyCommitment(tree.Commitment));
            }
            Assert.Throws<ArgumentOutOfRangeException>(() => tree.GenerateProof(n));
            Assert.Throws<ArgumentOutOfRangeException>(() => tree.GenerateProof(-1));
        }
    }

    [Fact]
    public void TamperedProofsAreRejected()
    {
        foreach (int n in new[] { 2, 3, 5, 8, 9, 13 })
        {
            var tree = MerkleTree.Build(Leaves(n, n));
            for (int i = 0; i < n; i++)
            {
                var p = tree.GenerateProof(i);
                var siblings = p.Siblings.ToArray();
                Assert.False(new MerkleProof(p.Root, n, i, p.Leaf + Fr.One, siblings).Verify(), "leaf");
                Assert.False(new MerkleProof(p.Root + Fr.One, n, i, p.Leaf, siblings).Verify(), "root");
                Assert.False(p.Verify(tree.Root + Fr.One), "expected root");
                Assert.False(p.VerifyCommitment(MerkleCommitment.Compute(tree.Root, n + 1)), "commitment with another n");
                for (int k = 0; k < siblings.Length; k++)
                {
                    var bad = (Fr[])siblings.Clone();
                    bad[k] += Fr.One;
                    Assert.False(new MerkleProof(p.Root, n, i, p.Leaf, bad).Verify(), "sibling");
                }
                // Every other index (same leaf and siblings) fails, including ones with the same sibling count.
                for (int j = 0; j < n; j++)
                    if (j != i) Assert.False(new MerkleProof(p.Root, n, j, p.Leaf, siblings).Verify(), $"index {j} for {i}");
                Assert.False(new MerkleProof(p.Root, n, n, p.Leaf, siblings).Verify(), "index = n");
                Assert.False(new MerkleProof(p.Root, n, -1, p.Leaf, siblings).Verify(), "negative index");
                Assert.False(new MerkleProof(p.Root, 0, 0, p.Leaf, siblings).Verify(), "n = 0");
                Assert.False(new MerkleProof(p.Root, n, i, p.Leaf, [.. siblings, Fr.One]).Verify(), "extra sibling");
                if (siblings.Length > 0)
                {
                    Assert.False(new MerkleProof(p.Root, n, i, p.Leaf, siblings[..^1]).Verify(), "missing sibling");
                    if (siblings.Length > 1)
                        Assert.False(new MerkleProof(p.Root, n, i, p.Leaf, siblings.Reverse().ToArray()).Verify(), "reordered");
                }
            }
        }
    }

    [Fact]
    public void ProofOfAMovedUpLeafDoesNotVerifyInALargerCount()
    {
        // Leaf 4 of 5 moves up to the root level; the same siblings must not prove it in a tree of 6 leaves.
        var tree = MerkleTree.Build(Leaves(5, 3));
        var p = tree.GenerateProof(4);
        Assert.Single(p.Siblings);
        Assert.False(new MerkleProof(p.Root, 6, 4, p.Leaf, p.Siblings.ToArray()).Verify());
        Assert.False(new MerkleProof(p.Root, 8, 4, p.Leaf, p.Siblings.ToArray()).Verify());
    }

    [Fact]
    public void ToFieldMapsSignedValuesModR()
    {
        Assert.Equal(Fr.FromBigInteger(Fr.Modulus - 1), MerkleCommitment.ToField(-1));
        Assert.Equal(Fr.FromBigInteger(Fr.Modulus - 1), MerkleCommitment.ToField(BigInteger.MinusOne));
        Assert.Equal(-Fr.FromUInt64(123456789), MerkleCommitment.ToField(-123456789L));
        Assert.Equal(Fr.FromBigInteger(Fr.Modulus - 1), MerkleCommitment.ToField(Fr.Modulus - 1));
        Assert.Equal(Fr.One, MerkleCommitment.ToField(-(Fr.Modulus - 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleCommitment.ToField(Fr.Modulus));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleCommitment.ToField(-Fr.Modulus));
        Assert.Equal(MerkleCommitment.ToField(long.MinValue), MerkleCommitment.ToField((BigInteger)long.MinValue));
    }
}

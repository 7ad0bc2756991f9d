using System.Buffers.Binary;
using System.Text.Json.Nodes;
using ZkmlGpu.Field;

namespace ZkmlGpu.Merkle.Tests;

public class MerkleProofSerializationTests
{
    private static MerkleProof SampleProof(int n = 13, int index = 6)
    {
        var tree = MerkleTree.Build(MerkleTreeTests.Leaves(n, 42));
        return tree.GenerateProof(index);
    }

    private static void AssertSame(MerkleProof expected, MerkleProof actual)
    {
        Assert.Equal(expected.Root, actual.Root);
        Assert.Equal(expected.LeafCount, actual.LeafCount);
        Assert.Equal(expected.Index, actual.Index);
        Assert.Equal(expected.Leaf, actual.Leaf);
        Assert.Equal(expected.Siblings, actual.Siblings);
    }

    [Fact]
    public void BinaryAndJsonRoundTripForEveryLeaf()
    {
        foreach (int n in new[] { 1, 2, 5, 13 })
        {
            var tree = MerkleTree.Build(MerkleTreeTests.Leaves(n, n));
            for (int i = 0; i < n; i++)
            {
                var proof = tree.GenerateProof(i);
                var bytes = proof.ToBytes();
                Assert.Equal(22 + 32 * (2 + proof.Siblings.Count), bytes.Length);
                var fromBytes = MerkleProof.FromBytes(bytes);
                AssertSame(proof, fromBytes);
                Assert.True(fromBytes.Verify());
                var fromJson = MerkleJson.ProofFromJson(MerkleJson.ProofToJson(proof));
                AssertSame(proof, fromJson);
                Assert.True(fromJson.Verify());
            }
        }
    }

    [Fact]
    public void BinaryLayoutIsAsDocumented()
    {
        var proof = SampleProof();
        var bytes = proof.ToBytes();
        Assert.Equal("ZKMP"u8.ToArray(), bytes[..4]);
        Assert.Equal(1, bytes[4]);
        Assert.Equal(13, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(5)));
        Assert.Equal(6, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(13)));
        Assert.Equal(proof.Siblings.Count, bytes[21]);
        Assert.Equal(proof.Root, Fr.FromBytesBigEndian(bytes.AsSpan(22, 32)));
        Assert.Equal(proof.Leaf, Fr.FromBytesBigEndian(bytes.AsSpan(54, 32)));
    }

    [Fact]
    public void MalformedBinaryProofsAreRejected()
    {
        var good = SampleProof().ToBytes();
        byte[] Mutate(Action<byte[]> change) { var b = (byte[])good.Clone(); change(b); return b; }
        var cases = new List<byte[]>
        {
            Array.Empty<byte>(),
            good[..^1],
            good.Append((byte)0).ToArray(),
            Mutate(b => b[0] = (byte)'X'),
            Mutate(b => b[4] = 2),
            Mutate(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(5), 0)),     // n = 0
            Mutate(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(5), -5)),    // negative n
            Mutate(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(13), 13)),   // index = n
            Mutate(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(13), -1)),   // negative index
            Mutate(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(13), 12)),   // index 12 of 13 has 1 sibling, not 4
            Mutate(b => b[21]++),                                                     // count disagrees with n, index
            Mutate(b => b.AsSpan(22, 32).Fill(0xFF)),                                 // root ≥ r
            Mutate(b => Fr.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(b, 54)), // leaf = r
            Mutate(b => b.AsSpan(b.Length - 32, 32).Fill(0xFF)),                      // sibling ≥ r
        };
        foreach (var bytes in cases) Assert.Throws<InvalidEncodingException>(() => MerkleProof.FromBytes(bytes));
    }

    [Fact]
    public void MalformedJsonProofsAreRejected()
    {
        var good = JsonNode.Parse(MerkleJson.ProofToJson(SampleProof()))!.AsObject();
        string Mutate(Action<JsonObject> change) { var o = good.DeepClone().AsObject(); change(o); return o.ToJsonString(); }
        var cases = new[]
        {
            "", "not json", "[]", "42", "{",
            Mutate(o => o.Remove("root")),
            Mutate(o => o.Remove("siblings")),
            Mutate(o => o["root"] = 5),
            Mutate(o => o["root"] = "-5"),
            Mutate(o => o["root"] = "0x10"),
            Mutate(o => o["root"] = Fr.Modulus.ToString()),
            Mutate(o => o["leaf"] = "12a"),
            Mutate(o => o["leaves"] = 0),
            Mutate(o => o["leaves"] = -1),
            Mutate(o => o["leaves"] = "13"),
            Mutate(o => o["leaves"] = 1.5),
            Mutate(o => o["index"] = 13),
            Mutate(o => o["index"] = 12),
            Mutate(o => o["siblings"] = new JsonArray()),
            Mutate(o => o["siblings"] = "x"),
            Mutate(o => o["siblings"]!.AsArray().Add("1")),
            Mutate(o => o["commitment"] = "1"),
            Mutate(o => o["extra"] = 1),
        };
        foreach (var json in cases) Assert.Throws<InvalidEncodingException>(() => MerkleJson.ProofFromJson(json));
        // Without the optional commitment it still parses.
        Assert.True(MerkleJson.ProofFromJson(Mutate(o => o.Remove("commitment"))).Verify());
    }

    [Fact]
    public void ValuesParseIntegersStringsAndNegatives()
    {
        var values = MerkleJson.ParseValues("[0, 1, -1, \"-2\", \"123456789012345678901234567890\", " + (Fr.Modulus - 1) + "]");
        Assert.Equal(
            [Fr.Zero, Fr.One, -Fr.One, -Fr.FromUInt64(2), Fr.FromBigInteger(System.Numerics.BigInteger.Parse("123456789012345678901234567890")), -Fr.One],
            values);
        Assert.Empty(MerkleJson.ParseValues("[]"));
        foreach (var bad in new[]
                 {
                     "", "{}", "[1,", "[1.5]", "[1e3]", "[true]", "[null]", "[[1]]", "[\"\"]", "[\"-\"]", "[\"+1\"]", "[\" 1\"]",
                     "[\"0x1\"]", "[" + Fr.Modulus + "]", "[\"-" + Fr.Modulus + "\"]",
                 })
            Assert.Throws<InvalidEncodingException>(() => MerkleJson.ParseValues(bad));
    }
}

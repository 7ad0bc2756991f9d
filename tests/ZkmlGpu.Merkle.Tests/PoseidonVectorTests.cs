using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Merkle.Tests;

public class PoseidonVectorTests
{
    public static TheoryData<int> Widths() => new(Enumerable.Range(2, 16));

    [Fact]
    public void SharedCircomlibVectorsAllMatch()
    {
        using var doc = TestData.Load("poseidon-circomlib.json");
        int count = 0;
        var widthsSeen = new HashSet<int>();
        foreach (var entry in doc.RootElement.EnumerateArray())
        {
            var inputs = entry.GetProperty("inputs").EnumerateArray().Select(e => Fr.FromBigInteger(BigInteger.Parse(e.GetString()!))).ToArray();
            var expected = BigInteger.Parse(entry.GetProperty("hash").GetString()!);
            Assert.Equal(expected, Poseidon.Hash(inputs).ToBigInteger());
            // The plain permutation agrees too.
            var state = new Fr[inputs.Length + 1];
            inputs.CopyTo(state, 1);
            PoseidonPermutation.PermuteReference(Poseidon.Parameters(inputs.Length + 1), state);
            Assert.Equal(expected, state[0].ToBigInteger());
            widthsSeen.Add(inputs.Length + 1);
            count++;
        }
        Assert.Equal(48, count);
        Assert.Equal(Enumerable.Range(2, 16), widthsSeen.Order());
    }

    [Fact]
    public void PoseidonOfOneTwo()
    {
        Assert.Equal(BigInteger.Parse("7853200120776062878684798364095072458815029376092732009249414926327459813530"),
            Poseidon.Hash(Fr.FromUInt64(1), Fr.FromUInt64(2)).ToBigInteger());
    }
}

using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Merkle.Tests;

public class PoseidonParameterTests
{
    private static Fr Hex(string hex) => Fr.FromBigInteger(BigInteger.Parse("0" + hex[2..], System.Globalization.NumberStyles.HexNumber));

    [Fact]
    public void GeneratorReproducesCircomlibT3Constants()
    {
        // Published in circomlib's poseidon_constants (t = 3) and halo2's P128Pow5T3 test for BN254.
        var p = Poseidon.Parameters(3);
        Assert.Equal(Hex("0x0ee9a592ba9a9518d05986d656f40c2114c4993c11bb29938d21d47304cd8e6e"), p.RoundConstants[0]);
        Assert.Equal(Hex("0x00f1445235f2148c5986587169fc1bcd887b08d4d00868df5696fff40956e864"), p.RoundConstants[1]);
        Assert.Equal(Hex("0x08dff3487e8ac99e1f29a058d0fa80b930c728730b7ab36ce879f3890ecf73f5"), p.RoundConstants[2]);
        Assert.Equal(Hex("0x2f27be690fdaee46c3ce28f7532b13c856c35342c84bda6e20966310fadc01d0"), p.RoundConstants[3]);
        Assert.Equal(Hex("0x1da55cc900f0d21f4a3e694391918a1b3c23b2ac773c6b3ef88e2e4228325161"), p.RoundConstants[^1]);
        Assert.Equal(Hex("0x109b7f411ba0e4c9b2b70caf5c36a7b194be7c11ad24378bfedb68592ba8118b"), p.Mds[0]);
        Assert.Equal(Hex("0x16ed41e13bb9c0c66ae119424fddbcbc9314dc9fdbdeea55d6c64543dc4903e0"), p.Mds[1]);
        Assert.Equal(3 * (8 + 57), p.RoundConstants.Length);
    }

    [Fact]
    public void ParametersHaveCircomlibShape()
    {
        int[] expectedPartial = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];
        for (int t = 2; t <= 17; t++)
        {
            var p = Poseidon.Parameters(t);
            Assert.Equal(t, p.Width);
            Assert.Equal(8, p.FullRounds);
            Assert.Equal(expectedPartial[t - 2], p.PartialRounds);
            Assert.Same(p, Poseidon.Parameters(t)); // cached
            // Cauchy matrix: all entries nonzero and distinct rows.
            Assert.DoesNotContain(p.Mds, m => m.IsZero);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Poseidon.Parameters(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Poseidon.Parameters(18));
    }

    [Fact]
    public void GrainStreamIsDeterministicAndBalanced()
    {
        var a = new PoseidonGrain(254, 3, 8, 57);
        var b = new PoseidonGrain(254, 3, 8, 57);
        var c = new PoseidonGrain(254, 4, 8, 57);
        int ones = 0, differ = 0;
        for (int i = 0; i < 4000; i++)
        {
            int x = a.NextBit();
            Assert.Equal(x, b.NextBit());
            if (x != c.NextBit()) differ++;
            ones += x;
        }
        Assert.InRange(ones, 1800, 2200);
        Assert.InRange(differ, 1800, 2200);
    }

    [Theory]
    [MemberData(nameof(PoseidonVectorTests.Widths), MemberType = typeof(PoseidonVectorTests))]
    public void OptimisedEqualsPlainOnRandomStates(int width)
    {
        var p = Poseidon.Parameters(width);
        var rng = new Random(1000 + width);
        var s1 = new Fr[width];
        var s2 = new Fr[width];
        for (int trial = 0; trial < 20; trial++)
        {
            for (int j = 0; j < width; j++) s1[j] = s2[j] = Fr.Random(rng);
            PoseidonPermutation.PermuteReference(p, s1);
            PoseidonPermutation.Permute(p, s2);
            Assert.Equal(s1, s2);
        }
    }

    [Fact]
    public void HashRejectsBadInputCounts()
    {
        Assert.Throws<ArgumentException>(() => Poseidon.Hash(ReadOnlySpan<Fr>.Empty));
        Assert.Throws<ArgumentException>(() => Poseidon.Hash(new Fr[17]));
        Assert.Throws<ArgumentException>(() => PoseidonPermutation.Hash(Poseidon.Parameters(3), new Fr[3]));
        Assert.Throws<ArgumentException>(() => PoseidonPermutation.Permute(Poseidon.Parameters(3), new Fr[4]));
    }

    [Fact]
    public void CpuBatchEqualsPerItemHashForCircomlibWidths()
    {
        using var device = new CpuDevice();
        var rng = new Random(7);
        foreach (int width in new[] { 2, 3, 5, 17 })
        {
            var p = Poseidon.Parameters(width);
            foreach (int count in new[] { 1, 5, 300 })
            {
                var inputs = Enumerable.Range(0, count * (width - 1)).Select(_ => Fr.Random(rng)).ToArray();
                using var vin = device.Upload(inputs);
                using var vout = device.Allocate(count);
                device.PoseidonHash(p, vin, vout);
                var outputs = vout.ToArray();
                for (int i = 0; i < count; i++)
                    Assert.Equal(Poseidon.Hash(inputs.AsSpan(i * (width - 1), width - 1)), outputs[i]);
            }
        }
    }

    [Fact]
    public void VectorHashBindsLength()
    {
        var zero = Fr.Zero;
        var seen = new HashSet<Fr>();
        // [], [0], [0,0], [0,0,0] ... must all differ although zero padding makes their absorbed blocks equal.
        for (int n = 0; n < 8; n++) Assert.True(seen.Add(Poseidon.HashVector(Enumerable.Repeat(zero, n).ToArray())));
        // Definition: capacity = n, absorb pairs into state[1], state[2], output state[1].
        var values = new[] { Fr.FromUInt64(5), Fr.FromUInt64(6), Fr.FromUInt64(7) };
        var p = Poseidon.Parameters(3);
        Fr[] state = [Fr.FromUInt64(3), values[0], values[1]];
        PoseidonPermutation.PermuteReference(p, state);
        state[1] += values[2];
        PoseidonPermutation.PermuteReference(p, state);
        Assert.Equal(state[1], Poseidon.HashVector(values));
        Assert.NotEqual(Poseidon.HashVector(values), Poseidon.HashVector([values[0], values[1], values[2], zero]));
    }
}

using System.Numerics;

namespace ZkmlGpu.Field.Tests;

public class G1EncodingTests
{
    private static readonly BigInteger Q = Fq.Modulus;

    [Fact]
    public void GeneratorEncodingsMatchEip196()
    {
        var u = G1Affine.Generator.ToUncompressed();
        Assert.Equal(64, u.Length);
        Assert.Equal(TestUtil.BigEndian32(1).Concat(TestUtil.BigEndian32(2)).ToArray(), u);
        // y = 2 is the smaller root: gnark-crypto's 0b10 flag; −G has the larger root: 0b11.
        var expected = TestUtil.BigEndian32(1);
        expected[0] = 0x80;
        Assert.Equal(expected, G1Affine.Generator.ToCompressed());
        var minusG = (-G1Affine.Generator).ToCompressed();
        Assert.Equal(0xC0, minusG[0]);
        Assert.Equal(-G1Affine.Generator, G1Affine.FromCompressed(minusG));
    }

    [Fact]
    public void IdentityEncodings()
    {
        Assert.Equal(new byte[64], G1Affine.Infinity.ToUncompressed());
        var c = G1Affine.Infinity.ToCompressed();
        Assert.Equal(0x40, c[0]);
        Assert.True(c.Skip(1).All(b => b == 0));
        Assert.True(G1Affine.FromUncompressed(new byte[64]).IsInfinity);
        Assert.True(G1Affine.FromCompressed(c).IsInfinity);
    }

    [Fact]
    public void RandomPointsRoundTripWithBothSigns()
    {
        var rng = new Random(50);
        int largest = 0;
        Span<byte> buf32 = stackalloc byte[32];
        Span<byte> buf64 = stackalloc byte[64];
        for (int i = 0; i < 200; i++)
        {
            var p = G1Affine.Random(rng);
            var u = p.ToUncompressed();
            var c = p.ToCompressed();
            Assert.Equal(p, G1Affine.FromUncompressed(u));
            Assert.Equal(p, G1Affine.FromCompressed(c));
            Assert.Equal(p.X.ToBigInteger(), new BigInteger(u.AsSpan(0, 32), isUnsigned: true, isBigEndian: true));
            Assert.Equal(p.Y.ToBigInteger(), new BigInteger(u.AsSpan(32), isUnsigned: true, isBigEndian: true));
            bool flag = (c[0] & 0xC0) == 0xC0;
            Assert.Equal(p.Y.ToBigInteger() > (Q - 1) / 2, flag);
            Assert.Equal(0x80, c[0] & 0x80);
            if (flag) largest++;
            // Both signs of the same x decode to the right point.
            var negC = (-p).ToCompressed();
            Assert.Equal(c[0] ^ 0x40, negC[0]);
            Assert.Equal(-p, G1Affine.FromCompressed(negC));
            p.WriteCompressed(buf32);
            p.WriteUncompressed(buf64);
            Assert.Equal(c, buf32.ToArray());
            Assert.Equal(u, buf64.ToArray());
        }
        Assert.InRange(largest, 60, 140);
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        foreach (int len in new[] { 0, 1, 31, 32, 33, 63, 65, 128 })
            if (len != 64) Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(new byte[len]));
        foreach (int len in new[] { 0, 1, 31, 33, 64 })
        {
            var b = new byte[len];
            if (len > 0) b[0] = 0x40;
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromCompressed(b));
        }
        Assert.Throws<ArgumentException>(() => G1Affine.Generator.WriteCompressed(new byte[31]));
        Assert.Throws<ArgumentException>(() => G1Affine.Generator.WriteUncompressed(new byte[65]));
    }

    [Fact]
    public void OutOfRangeCoordinatesAreRejected()
    {
        var g = G1Affine.Generator.ToUncompressed();
        foreach (var bad in new[] { Q, Q + 1, Q + 2, (BigInteger.One << 256) - 1, (BigInteger.One << 254) + 1 })
        {
            // x ≥ q (x = q + 1 would be x = 1 mod q, i.e. the generator's x, if not range-checked).
            var u = TestUtil.BigEndian32(bad).Concat(g.AsSpan(32).ToArray()).ToArray();
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(u));
            // y ≥ q (y = q + 2 would be the generator).
            var v = g.AsSpan(0, 32).ToArray().Concat(TestUtil.BigEndian32(bad)).ToArray();
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(v));
        }
        // Compressed: x ≥ q once the flag bits are removed, with either flag value.
        foreach (var bad in new[] { Q, Q + 1, (BigInteger.One << 254) - 1 })
        foreach (byte flag in new byte[] { 0x80, 0xC0 })
        {
            var c = TestUtil.BigEndian32(bad);
            c[0] |= flag;
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromCompressed(c));
        }
    }

    [Fact]
    public void PointsOffTheCurveAreRejected()
    {
        var rng = new Random(51);
        for (int i = 0; i < 20; i++)
        {
            var p = G1Affine.Random(rng);
            var u = p.ToUncompressed();
            u[63] ^= 1; // perturb y
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(u));
        }
        // (0, 0) is only valid as the all-zero identity; (0, y≠0) and (x, 0) are off the curve.
        var zeroX = new byte[64]; zeroX[63] = 1;
        Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(zeroX));
        var zeroY = new byte[64]; zeroY[31] = 1;
        Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(zeroY));
    }

    [Fact]
    public void CompressedXWithoutSquareRootIsRejected()
    {
        int found = 0;
        for (ulong x = 0; found < 10; x++)
        {
            BigInteger rhs = (new BigInteger(x) * x * x + 3) % Q;
            bool hasRoot = rhs.IsZero || BigInteger.ModPow(rhs, (Q - 1) / 2, Q).IsOne;
            var c = TestUtil.BigEndian32(x);
            c[0] |= 0x80;
            if (hasRoot)
            {
                var p = G1Affine.FromCompressed(c);
                Assert.True(p.IsOnCurve);
                Assert.Equal(new BigInteger(x), p.X.ToBigInteger());
                continue;
            }
            found++;
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromCompressed(c));
            c[0] |= 0xC0;
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromCompressed(c));
        }
    }

    [Fact]
    public void BadFlagsAreRejected()
    {
        var c = G1Affine.Generator.ToCompressed();
        // No flag (gnark's uncompressed marker 0b00) on a compressed encoding.
        var none = (byte[])c.Clone(); none[0] &= 0x3F;
        Assert.Throws<InvalidEncodingException>(() => G1Affine.FromCompressed(none));
        // Identity flag with a real x, or any stray bit.
        var infWithX = (byte[])c.Clone(); infWithX[0] = (byte)((infWithX[0] & 0x3F) | 0x40);
        Assert.Throws<InvalidEncodingException>(() => G1Affine.FromCompressed(infWithX));
        for (int i = 0; i < 32; i++)
        for (int bit = 0; bit < 8; bit++)
        {
            if (i == 0 && bit >= 6) continue;
            var inf = new byte[32]; inf[0] = 0x40;
            inf[i] |= (byte)(1 << bit);
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromCompressed(inf));
        }
        // Flag bits in uncompressed encodings make a coordinate ≥ q.
        var u = G1Affine.Generator.ToUncompressed();
        foreach (byte flag in new byte[] { 0x80, 0x40 })
        {
            var ux = (byte[])u.Clone(); ux[0] |= flag;
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(ux));
            var uy = (byte[])u.Clone(); uy[32] |= flag;
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(uy));
            var inf = new byte[64]; inf[0] = flag;
            Assert.Throws<InvalidEncodingException>(() => G1Affine.FromUncompressed(inf));
        }
    }
}

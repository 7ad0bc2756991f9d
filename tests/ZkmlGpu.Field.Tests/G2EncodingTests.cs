namespace ZkmlGpu.Field.Tests;

public class G2EncodingTests
{
    private static readonly byte[] GeneratorEip197 = Convert.FromHexString(
        "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2" +
        "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed" +
        "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b" +
        "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa");

    [Fact]
    public void GeneratorMatchesEip197Bytes()
    {
        Assert.Equal(GeneratorEip197, G2Affine.Generator.ToUncompressed());
        Assert.Equal(G2Affine.Generator, G2Affine.FromUncompressed(GeneratorEip197));
    }

    [Fact]
    public void RoundTrips()
    {
        var rng = new Random(61);
        for (int i = 0; i < 20; i++)
        {
            var p = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
            Assert.Equal(p, G2Affine.FromUncompressed(p.ToUncompressed()));
            byte[] c = p.ToCompressed();
            Assert.Equal(p, G2Affine.FromCompressed(c));
            Assert.Equal(-p, G2Affine.FromCompressed(FlipSign(c)));
            Assert.Equal(p.Y.IsLexicographicallyLargest, (c[0] & 0xC0) == 0xC0);
            Assert.Equal(0x80, c[0] & 0x80);
        }
        Assert.Equal(new byte[128], G2Affine.Infinity.ToUncompressed());
        Assert.True(G2Affine.FromUncompressed(new byte[128]).IsInfinity);
        byte[] inf = G2Affine.Infinity.ToCompressed();
        Assert.Equal(0x40, inf[0]);
        Assert.True(G2Affine.FromCompressed(inf).IsInfinity);
    }

    private static byte[] FlipSign(byte[] c)
    {
        var copy = (byte[])c.Clone();
        copy[0] ^= 0x40; // 0b10 ↔ 0b11
        return copy;
    }

    [Fact]
    public void RejectsWrongLengths()
    {
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromUncompressed(new byte[127]));
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromUncompressed(new byte[129]));
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(new byte[63]));
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(new byte[128]));
    }

    [Fact]
    public void RejectsNonCanonicalCoordinates()
    {
        byte[] qBytes = new byte[32];
        U256.FromBigInteger(Fq.Modulus).WriteBigEndian(qBytes);
        for (int coordinate = 0; coordinate < 4; coordinate++)
        {
            byte[] bad = (byte[])GeneratorEip197.Clone();
            qBytes.CopyTo(bad, coordinate * 32);
            Assert.Throws<InvalidEncodingException>(() => G2Affine.FromUncompressed(bad));
        }
        // x + q in either half of a compressed point.
        byte[] c = G2Affine.Generator.ToCompressed();
        for (int half = 0; half < 2; half++)
        {
            byte[] bad = (byte[])c.Clone();
            qBytes.CopyTo(bad, half * 32);
            bad[0] |= (byte)(c[0] & 0xC0); // keep the flag, so only the range is wrong
            Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(bad));
        }
        // Flag bits in an uncompressed encoding make the coordinate exceed q.
        byte[] flagged = (byte[])GeneratorEip197.Clone();
        flagged[0] |= 0x80;
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromUncompressed(flagged));
    }

    [Fact]
    public void RejectsOffCurveAndNonSubgroupPoints()
    {
        byte[] off = (byte[])GeneratorEip197.Clone();
        off[127] ^= 1;
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromUncompressed(off));

        var outside = G2Tests.NonSubgroupPoint();
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromUncompressed(outside.ToUncompressed()));
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(outside.ToCompressed()));

        // An x with no point on the twist.
        for (ulong i = 1; ; i++)
        {
            var x = new Fq2(Fq.FromUInt64(i), Fq.FromUInt64(7));
            if ((x.Square() * x + G2Affine.B).TrySqrt(out _)) continue;
            var bytes = new byte[64];
            x.C1.WriteBytesBigEndian(bytes.AsSpan(0, 32));
            x.C0.WriteBytesBigEndian(bytes.AsSpan(32));
            bytes[0] |= 0x80;
            Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(bytes));
            break;
        }
    }

    [Fact]
    public void RejectsBadFlags()
    {
        // No compression flag (gnark's uncompressed marker), or an identity with non-zero payload.
        byte[] none = G2Affine.Generator.ToCompressed();
        none[0] &= 0x3F;
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(none));
        byte[] dirty = new byte[64];
        dirty[0] = 0x40;
        dirty[63] = 1;
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(dirty));
        byte[] dirtyTop = new byte[64];
        dirtyTop[0] = 0x41;
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(dirtyTop));
        // A compressed encoding with the identity flag set on a real point.
        byte[] c = G2Affine.Generator.ToCompressed();
        c[0] = (byte)((c[0] & 0x3F) | 0x40);
        Assert.Throws<InvalidEncodingException>(() => G2Affine.FromCompressed(c));
    }
}

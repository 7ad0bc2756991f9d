using System.Numerics;

namespace ZkmlGpu.Field.Tests;

public class G1Tests
{
    private static readonly BigInteger R = Fr.Modulus;

    /// <summary>Reference k·P by plain double-and-add over the bits of a non-negative BigInteger.</summary>
    private static G1Jacobian DoubleAndAdd(G1Jacobian p, BigInteger k)
    {
        var acc = G1Jacobian.Infinity;
        for (long i = (long)k.GetBitLength() - 1; i >= 0; i--)
        {
            acc = acc.Double();
            if (!((k >> (int)i) & 1).IsZero) acc += p;
        }
        return acc;
    }

    private static IEnumerable<BigInteger> Scalars(Random rng, int count)
    {
        BigInteger lambda = G1Glv.Lambda;
        BigInteger[] edge = [0, 1, 2, 3, 15, 16, 17, 31, 32, 33, R - 1, R - 2, (R - 1) / 2, lambda, R - lambda, lambda + 1,
            BigInteger.One << 127, (BigInteger.One << 128) - 1, BigInteger.One << 128, (BigInteger.One << 253) + 1];
        foreach (var e in edge) yield return e;
        for (int i = 0; i < count; i++) yield return TestUtil.RandomBelow(rng, R);
    }

    [Fact]
    public void GeneratorAndRandomPointsAreOnTheCurve()
    {
        Assert.True(G1Affine.Generator.IsOnCurve);
        Assert.True(G1Affine.Generator.IsInSubgroup);
        Assert.Equal(new BigInteger(3), G1Affine.B.ToBigInteger());
        Assert.True(G1Affine.Infinity.IsOnCurve);
        var rng = new Random(30);
        for (int i = 0; i < 20; i++)
        {
            var p = G1Jacobian.Random(rng);
            Assert.True(p.IsOnCurve);
            Assert.True(p.IsInSubgroup);
            Assert.True(p.ToAffine().IsOnCurve);
            Assert.True(G1Affine.Random(rng).IsOnCurve);
        }
        Assert.True(G1Jacobian.Infinity.IsOnCurve);
    }

    [Fact]
    public void OffCurvePointsAreDetected()
    {
        var bad = new G1Affine(Fq.One, Fq.FromUInt64(3));
        Assert.False(bad.IsOnCurve);
        Assert.False(bad.IsInSubgroup);
        Assert.False(bad.ToJacobian().IsOnCurve);
        Assert.Throws<InvalidEncodingException>(() => G1Affine.Create(Fq.One, Fq.FromUInt64(3)));
        Assert.Equal(G1Affine.Generator, G1Affine.Create(Fq.One, Fq.FromUInt64(2)));
        // A valid point with a non-trivial Z stays on the curve; corrupting Y breaks it.
        var p = G1Jacobian.Generator.Double().Double();
        Assert.True(p.IsOnCurve);
        Assert.False(new G1Jacobian(p.X, p.Y + Fq.One, p.Z).IsOnCurve);
    }

    [Fact]
    public void GroupLawsHold()
    {
        var rng = new Random(31);
        var o = G1Jacobian.Infinity;
        for (int i = 0; i < 30; i++)
        {
            G1Jacobian a = G1Jacobian.Random(rng), b = G1Jacobian.Random(rng), c = G1Jacobian.Random(rng);
            Assert.Equal((a + b) + c, a + (b + c));
            Assert.Equal(a + b, b + a);
            Assert.Equal(a, a + o);
            Assert.Equal(a, o + a);
            Assert.True((a + -a).IsInfinity);
            Assert.True((a - a).IsInfinity);
            Assert.Equal(a.Double(), a + a);
            Assert.Equal(a + b - b, a);
            Assert.NotEqual(a, b);
            Assert.True((a + b).IsOnCurve);
            Assert.Equal((a + b).GetHashCode(), (b + a).GetHashCode());
        }
        Assert.True((o + o).IsInfinity);
        Assert.True(o.Double().IsInfinity);
        Assert.True((-o).IsInfinity);
    }

    [Fact]
    public void MixedAdditionEqualsFullAddition()
    {
        var rng = new Random(32);
        for (int i = 0; i < 30; i++)
        {
            // A Jacobian point with Z ≠ 1, and an affine one.
            G1Jacobian a = G1Jacobian.Random(rng);
            G1Affine b = G1Affine.Random(rng);
            Assert.Equal(a + b.ToJacobian(), a + b);
            Assert.Equal(a.Double(), a + a.ToAffine());              // equal points: doubling branch
            Assert.True((a + (-a.ToAffine())).IsInfinity);           // opposite points
            Assert.Equal(b.ToJacobian(), G1Jacobian.Infinity + b);   // identity + affine
            Assert.Equal(a, a + G1Affine.Infinity);                  // affine identity
        }
    }

    [Fact]
    public void ScalarMultiplicationMatchesDoubleAndAdd()
    {
        var rng = new Random(33);
        var p = G1Jacobian.Random(rng);
        foreach (var k in Scalars(rng, 60))
        {
            var expected = DoubleAndAdd(p, k);
            Fr s = Fr.FromBigInteger(k);
            Assert.Equal(expected, p * s);
            Assert.Equal(expected, s * p);
            Assert.Equal(expected, p.ToAffine() * s);
            Assert.Equal(expected, s * p.ToAffine());
            // The generic (non-GLV) wNAF path, used by other curves.
            JacobianFormulas<Fq>.Multiply(p.X, p.Y, p.Z, U256.FromBigInteger(k), out var x, out var y, out var z);
            Assert.Equal(expected, new G1Jacobian(x, y, z));
        }
        Assert.True((G1Jacobian.Infinity * Fr.FromUInt64(12345)).IsInfinity);
        Assert.True((G1Affine.Infinity * Fr.FromUInt64(12345)).IsInfinity);
    }

    [Fact]
    public void ScalarMultiplicationByAnyIntegerReducesModR()
    {
        var rng = new Random(34);
        var p = G1Jacobian.Random(rng);
        for (int i = 0; i < 20; i++)
        {
            // Unreduced scalars up to 2^300: double-and-add over all bits agrees because r·P = O.
            BigInteger k = TestUtil.RandomBelow(rng, BigInteger.One << 300);
            Assert.Equal(DoubleAndAdd(p, k), p.Multiply(k));
            Assert.Equal(DoubleAndAdd(p, k).Double(), p.Multiply(2 * k));
            Assert.Equal(-DoubleAndAdd(p, k), p.Multiply(-k));
        }
        BigInteger wide = (BigInteger.One << 256) - 1;
        JacobianFormulas<Fq>.Multiply(p.X, p.Y, p.Z, U256.FromBigInteger(wide), out var x, out var y, out var z);
        Assert.Equal(DoubleAndAdd(p, wide), new G1Jacobian(x, y, z));
    }

    [Fact]
    public void OrderAnnihilatesEveryPoint()
    {
        var rng = new Random(35);
        for (int i = 0; i < 5; i++)
        {
            var p = G1Jacobian.Random(rng);
            Assert.True(DoubleAndAdd(p, R).IsInfinity);
            Assert.True(p.Multiply(R).IsInfinity);
            JacobianFormulas<Fq>.Multiply(p.X, p.Y, p.Z, U256.FromBigInteger(R), out _, out _, out var z);
            Assert.True(z.IsZero);
            Assert.True((p * Fr.FromBigInteger(R - 1) + p).IsInfinity);
            Assert.False(DoubleAndAdd(p, R - 1).IsInfinity);
        }
        Assert.True(DoubleAndAdd(G1Jacobian.Generator, R).IsInfinity);
    }

    [Fact]
    public void ScalarMultiplicationIsLinear()
    {
        var rng = new Random(36);
        for (int i = 0; i < 30; i++)
        {
            var p = G1Jacobian.Random(rng);
            var q = G1Jacobian.Random(rng);
            Fr a = Fr.Random(rng), b = Fr.Random(rng);
            Assert.Equal(p * a + p * b, p * (a + b));
            Assert.Equal((p * b) * a, p * (a * b));
            Assert.Equal(p * a + q * a, (p + q) * a);
            Assert.Equal(-(p * a), p * -a);
            Assert.True((p * Fr.Zero).IsInfinity);
            Assert.Equal(p, p * Fr.One);
        }
    }

    [Fact]
    public void EndomorphismActsAsLambda()
    {
        Fq beta = G1Glv.Beta;
        Assert.False(beta == Fq.One);
        Assert.True(beta.Pow(3) == Fq.One);
        Fr lambda = Fr.FromBigInteger(G1Glv.Lambda);
        Assert.True(lambda * lambda + lambda + Fr.One == Fr.Zero);
        var rng = new Random(37);
        for (int i = 0; i < 5; i++)
        {
            var p = G1Jacobian.Random(rng);
            Assert.Equal(DoubleAndAdd(p, G1Glv.Lambda), p.Endomorphism());
        }
    }

    [Fact]
    public void GlvSplitIsCorrectAndShort()
    {
        var rng = new Random(38);
        var ks = Scalars(rng, 3000).Append((BigInteger.One << 256) - 1).Append(BigInteger.One << 255);
        foreach (var k in ks)
        {
            G1Glv.Split(U256.FromBigInteger(k), out U256 k1, out bool n1, out U256 k2, out bool n2);
            BigInteger v1 = n1 ? -k1.ToBigInteger() : k1.ToBigInteger();
            BigInteger v2 = n2 ? -k2.ToBigInteger() : k2.ToBigInteger();
            Assert.Equal(TestUtil.Mod(k, R), TestUtil.Mod(v1 + v2 * G1Glv.Lambda, R));
            Assert.True(k1.BitLength <= 128 && k2.BitLength <= 128, $"split of {k} too long: {k1.BitLength}, {k2.BitLength}");
        }
        BigInteger det = G1Glv.A1 * G1Glv.B2 - G1Glv.A2 * G1Glv.B1;
        Assert.Equal(R, BigInteger.Abs(det));
        Assert.True(TestUtil.Mod(G1Glv.A1 + G1Glv.B1 * G1Glv.Lambda, R).IsZero);
        Assert.True(TestUtil.Mod(G1Glv.A2 + G1Glv.B2 * G1Glv.Lambda, R).IsZero);
    }

    [Fact]
    public void WnafDigitsReconstructTheScalar()
    {
        var rng = new Random(39);
        Span<sbyte> digits = stackalloc sbyte[Wnaf.MaxDigits];
        var values = Enumerable.Range(0, 300).Select(_ => TestUtil.RandomBelow(rng, BigInteger.One << 256))
            .Concat([0, 1, (BigInteger.One << 256) - 1, BigInteger.One << 255, R]);
        foreach (var k in values)
        foreach (int w in new[] { 2, 3, 4, 5, 6, 8 })
        {
            int len = Wnaf.Encode(U256.FromBigInteger(k), w, digits);
            BigInteger sum = 0;
            int lastNonZero = -w;
            for (int i = len - 1; i >= 0; i--) sum = 2 * sum + digits[i];
            for (int i = 0; i < len; i++)
            {
                int d = digits[i];
                if (d == 0) continue;
                Assert.True((d & 1) == 1 && Math.Abs(d) < (1 << (w - 1)));
                Assert.True(i - lastNonZero >= w, "non-zero digits closer than w");
                lastNonZero = i;
            }
            Assert.Equal(k, sum);
            if (len > 0) Assert.NotEqual(0, digits[len - 1]);
        }
    }

    [Fact]
    public void BatchToAffineMatchesSingleConversion()
    {
        var rng = new Random(40);
        foreach (int n in new[] { 0, 1, 50 })
        {
            var points = new G1Jacobian[n];
            for (int i = 0; i < n; i++) points[i] = i % 7 == 2 ? G1Jacobian.Infinity : G1Jacobian.Random(rng).Double();
            var affine = new G1Affine[n];
            G1Jacobian.BatchToAffine(points, affine);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(points[i].ToAffine(), affine[i]);
                Assert.Equal(points[i].IsInfinity, affine[i].IsInfinity);
                Assert.True(affine[i].IsOnCurve);
            }
        }
        Assert.Throws<ArgumentException>(() => G1Jacobian.BatchToAffine(new G1Jacobian[2], new G1Affine[3]));
    }

    [Fact]
    public void AffineConversionAndEquality()
    {
        var rng = new Random(41);
        var p = G1Jacobian.Random(rng);
        var a = p.ToAffine();
        Assert.Equal(p, a.ToJacobian());
        Assert.Equal(a, a.ToJacobian().ToAffine());
        Assert.Equal(-a, (-p).ToAffine());
        Assert.True(G1Jacobian.Infinity.ToAffine().IsInfinity);
        Assert.Equal(G1Affine.Infinity, -G1Affine.Infinity);
        Assert.NotEqual(a, G1Affine.Infinity);
        Assert.Equal(G1Affine.Infinity.GetHashCode(), G1Jacobian.Infinity.GetHashCode());
    }
}

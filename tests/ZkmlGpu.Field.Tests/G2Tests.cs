using System.Numerics;

namespace ZkmlGpu.Field.Tests;

public class G2Tests
{
    internal static readonly U256 R = U256.FromBigInteger(Fr.Modulus);

    /// <summary>A twist point outside G2: x = i + u for the first i with x³ + b' a square (no cofactor clearing).</summary>
    internal static G2Affine NonSubgroupPoint()
    {
        for (ulong i = 1; ; i++)
        {
            var x = new Fq2(Fq.FromUInt64(i), Fq.One);
            if ((x.Square() * x + G2Affine.B).TrySqrt(out Fq2 y)) return new G2Affine(x, y);
        }
    }

    [Fact]
    public void GeneratorIsOnCurveAndHasOrderR()
    {
        var g = G2Affine.Generator;
        Assert.True(g.IsOnCurve);
        Assert.True(g.IsInSubgroup);
        Assert.True(g.ToJacobian().MultiplyUnsigned(R).IsInfinity);
        Assert.False(g.ToJacobian().MultiplyUnsigned(U256.FromBigInteger(Fr.Modulus - 1)).IsInfinity);
        // b' = 3/ξ.
        Assert.Equal(Fq2.FromBigIntegers(3, 0), G2Affine.B * Fq2.Xi);
    }

    [Fact]
    public void GroupLaws()
    {
        var rng = new Random(51);
        var g = G2Jacobian.Generator;
        for (int i = 0; i < 10; i++)
        {
            G2Jacobian a = g * Fr.Random(rng), b = g * Fr.Random(rng), c = g * Fr.Random(rng);
            Assert.Equal(a + b, b + a);
            Assert.Equal((a + b) + c, a + (b + c));
            Assert.Equal(a.Double(), a + a);
            Assert.True((a - a).IsInfinity);
            Assert.Equal(a, a + G2Jacobian.Infinity);
            Assert.Equal(a, G2Jacobian.Infinity + a);
            Assert.Equal(a + b, a + b.ToAffine());
            Assert.Equal(a.Double(), a + a.ToAffine());
            Assert.True((a + b).IsOnCurve);
            Assert.True((a + b).ToAffine().IsOnCurve);
            Assert.True((a + b).ToAffine().IsInSubgroup);
        }
    }

    [Fact]
    public void ScalarMultiplicationMatchesDoubleAndAdd()
    {
        var rng = new Random(52);
        var g = G2Jacobian.Generator;
        for (int i = 0; i < 8; i++)
        {
            Fr k = Fr.Random(rng);
            BigInteger kb = k.ToBigInteger();
            G2Jacobian expected = G2Jacobian.Infinity;
            for (long bit = (long)kb.GetBitLength() - 1; bit >= 0; bit--)
            {
                expected = expected.Double();
                if (!(kb >> (int)bit).IsEven) expected += g;
            }
            Assert.Equal(expected, g * k);
            Assert.Equal(expected, k * G2Affine.Generator);
        }
        Assert.True((g * Fr.Zero).IsInfinity);
        Assert.Equal(g, g * Fr.One);
        Assert.Equal(-g, g * -Fr.One);
        Fr a = Fr.Random(rng), b = Fr.Random(rng);
        Assert.Equal(g * (a + b), g * a + g * b);
        Assert.Equal(g * (a * b), (g * a) * b);
    }

    [Fact]
    public void PsiActsAsSixXSquaredOnG2()
    {
        var rng = new Random(53);
        var p = G2Jacobian.Generator * Fr.Random(rng);
        BigInteger sixX2 = 6 * (BigInteger)4965661367192848881 * 4965661367192848881;
        Assert.Equal(p.MultiplyUnsigned(U256.FromBigInteger(sixX2)), p.Psi());
        // 6x² ≡ q (mod r): ψ is the q-power Frobenius.
        Assert.Equal(Fq.Modulus % Fr.Modulus, sixX2 % Fr.Modulus);
        Assert.Equal(p.ToAffine().Psi(), p.Psi().ToAffine());
    }

    [Fact]
    public void NonSubgroupPointIsRejected()
    {
        var p = NonSubgroupPoint();
        Assert.True(p.IsOnCurve);
        // Independent confirmation that it is outside G2: [r]P ≠ O.
        Assert.False(p.ToJacobian().MultiplyUnsigned(R).IsInfinity);
        Assert.False(p.IsInSubgroup);
        Assert.False(p.ToJacobian().IsInSubgroup);
        Assert.Throws<InvalidEncodingException>(() => G2Affine.Create(p.X, p.Y));
        // Off-curve point.
        Assert.False(new G2Affine(p.X, p.Y + Fq2.One).IsOnCurve);
        Assert.Throws<InvalidEncodingException>(() => G2Affine.Create(p.X, p.Y + Fq2.One));
    }

    [Fact]
    public void SubgroupCheckAgreesWithOrderOnRandomTwistPoints()
    {
        // Cofactor-cleared points ([c]P for c = 2q − r, the twist order over r) are in G2; raw points are not.
        BigInteger cofactor = 2 * Fq.Modulus - Fr.Modulus;
        var p = NonSubgroupPoint().ToJacobian();
        var cleared = p.MultiplyUnsigned(U256.FromBigInteger(cofactor));
        Assert.True(cleared.MultiplyUnsigned(R).IsInfinity);
        Assert.True(cleared.IsInSubgroup);
        Assert.True(cleared.ToAffine().IsInSubgroup);
    }

    [Fact]
    public void BatchToAffineMatchesSingle()
    {
        var rng = new Random(54);
        var points = new G2Jacobian[9];
        for (int i = 0; i < points.Length; i++) points[i] = i == 4 ? G2Jacobian.Infinity : G2Jacobian.Generator * Fr.Random(rng);
        var affine = new G2Affine[points.Length];
        G2Jacobian.BatchToAffine(points, affine);
        for (int i = 0; i < points.Length; i++) Assert.Equal(points[i].ToAffine(), affine[i]);
        Assert.True(affine[4].IsInfinity);
        Assert.Throws<ArgumentException>(() => G2Jacobian.BatchToAffine(points, new G2Affine[3]));
    }
}

using System.Numerics;

namespace ZkmlGpu.Field.Tests;

public class PairingTests
{
    private static readonly BigInteger R = Fr.Modulus;

    /// <summary>Plain double-and-add on G1, independent of the library's optimised scalar multiplication.</summary>
    internal static G1Affine G1Mul(G1Affine p, BigInteger k)
    {
        k = ((k % R) + R) % R;
        G1Jacobian acc = G1Jacobian.Infinity;
        for (long bit = (long)k.GetBitLength() - 1; bit >= 0; bit--)
        {
            acc = acc.Double();
            if (!(k >> (int)bit).IsEven) acc += p;
        }
        return acc.ToAffine();
    }

    private static G2Affine G2Mul(G2Affine q, BigInteger k) => (q * Fr.FromBigInteger(k)).ToAffine();

    [Fact]
    public void PairingIsBilinear()
    {
        var rng = new Random(71);
        G1Affine p = G1Affine.Generator;
        G2Affine q = G2Affine.Generator;
        Fq12 e = Pairing.Pair(p, q);
        for (int i = 0; i < 2; i++)
        {
            BigInteger a = Fr.Random(rng).ToBigInteger(), b = Fr.Random(rng).ToBigInteger();
            Fq12 eab = Pairing.Pair(G1Mul(p, a), G2Mul(q, b));
            Assert.Equal(e.Pow(a * b % R), eab);
            Assert.Equal(eab, Pairing.Pair(G1Mul(p, a * b), q));
            Assert.Equal(eab, Pairing.Pair(p, G2Mul(q, a * b)));
        }
        // e(P1 + P2, Q) = e(P1, Q)·e(P2, Q).
        G1Affine p1 = G1Mul(p, 5), p2 = G1Mul(p, 11);
        Assert.Equal(Pairing.Pair(p1, q) * Pairing.Pair(p2, q), Pairing.Pair((p1.ToJacobian() + p2).ToAffine(), q));
    }

    [Fact]
    public void PairingIsNonDegenerateWithOrderR()
    {
        Fq12 e = Pairing.Pair(G1Affine.Generator, G2Affine.Generator);
        Assert.False(e.IsOne);
        Assert.True(e.Pow(R).IsOne);
        // The value is in the cyclotomic subgroup: its inverse is its conjugate.
        Assert.Equal(Fq12.One, e * e.Conjugate());
    }

    [Fact]
    public void IdentityInputsPairToOne()
    {
        Assert.True(Pairing.Pair(G1Affine.Infinity, G2Affine.Generator).IsOne);
        Assert.True(Pairing.Pair(G1Affine.Generator, G2Affine.Infinity).IsOne);
        Assert.True(Pairing.Pair(G1Affine.Infinity, G2Affine.Infinity).IsOne);
        Assert.True(Pairing.Check([], ReadOnlySpan<G2Affine>.Empty));
        Assert.True(Pairing.Check([G1Affine.Infinity, G1Affine.Generator], [G2Affine.Generator, G2Affine.Infinity]));
    }

    [Fact]
    public void FinalExponentiationMatchesPlainPower()
    {
        // The fixed multiple m = 2x(6x² + 3x + 1) of the plain exponent, as the reference implementations use.
        var rng = new Random(72);
        Fq12 f = Fq12.Random(rng);
        BigInteger q = Fq.Modulus, x = 4965661367192848881;
        BigInteger exponent = 2 * x * (6 * x * x + 3 * x + 1) * ((BigInteger.Pow(q, 12) - 1) / R);
        Assert.Equal(f.Pow(exponent), Pairing.FinalExponentiation(f));
    }

    [Fact]
    public void MultiPairingIsProductOfPairings()
    {
        var rng = new Random(73);
        var ps = new G1Affine[4];
        var qs = new G2Affine[4];
        Fq12 product = Fq12.One;
        for (int i = 0; i < ps.Length; i++)
        {
            ps[i] = G1Mul(G1Affine.Generator, Fr.Random(rng).ToBigInteger());
            qs[i] = G2Mul(G2Affine.Generator, Fr.Random(rng).ToBigInteger());
            product *= Pairing.Pair(ps[i], qs[i]);
        }
        Assert.Equal(product, Pairing.MultiPair(ps, qs));
        var prepared = qs.Select(q => new G2Prepared(q)).ToArray();
        Assert.Equal(product, Pairing.MultiPair(ps, prepared));
        Assert.Equal(Pairing.Pair(ps[0], qs[0]), Pairing.Pair(ps[0], prepared[0]));
        Assert.Throws<ArgumentException>(() => Pairing.MultiPair(ps, qs.AsSpan(1)));
    }

    [Fact]
    public void CheckAcceptsValidAndRejectsInvalidRelations()
    {
        var rng = new Random(74);
        BigInteger a = Fr.Random(rng).ToBigInteger(), b = Fr.Random(rng).ToBigInteger();
        G1Affine g1 = G1Affine.Generator;
        G2Affine g2 = G2Affine.Generator;
        // e(aG1, bG2) · e(−abG1, G2) = 1.
        G1Affine[] ps = [G1Mul(g1, a), -G1Mul(g1, a * b)];
        G2Affine[] qs = [G2Mul(g2, b), g2];
        Assert.True(Pairing.Check(ps, qs));
        var prepared = qs.Select(q => new G2Prepared(q)).ToArray();
        Assert.True(Pairing.Check(ps, prepared));
        // Off by one in the exponent.
        G1Affine[] wrong = [G1Mul(g1, a), -G1Mul(g1, a * b + 1)];
        Assert.False(Pairing.Check(wrong, qs));
        Assert.False(Pairing.Check(wrong, prepared));
        Assert.False(Pairing.Check([g1], [g2]));
    }
}

public class PairingEdgeTests
{
    [Fact]
    public void ManyPairsWithIdentitiesMatchSinglePairings()
    {
        // 7 pairs (odd, so the parallel chunks differ in size) with identities mixed in, prepared and not.
        var rng = new Random(75);
        var ps = new G1Affine[7];
        var qs = new G2Affine[7];
        Fq12 product = Fq12.One;
        for (int i = 0; i < ps.Length; i++)
        {
            ps[i] = i == 2 ? G1Affine.Infinity : PairingTests.G1Mul(G1Affine.Generator, Fr.Random(rng).ToBigInteger());
            qs[i] = i == 5 ? G2Affine.Infinity : (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
            product *= Pairing.Pair(ps[i], qs[i]);
        }
        Assert.Equal(product, Pairing.MultiPair(ps, qs));
        var prepared = qs.Select(q => new G2Prepared(q)).ToArray();
        Assert.Equal(product, Pairing.MultiPair(ps, prepared));
        Assert.False(product.IsOne);
    }

    [Fact]
    public void PreparedIdentityAndArgumentErrors()
    {
        var inf = new G2Prepared(G2Affine.Infinity);
        Assert.True(inf.IsInfinity);
        Assert.True(Pairing.Pair(G1Affine.Generator, inf).IsOne);
        Assert.Equal(G2Affine.Generator, new G2Prepared(G2Affine.Generator).Point);
        Assert.Throws<ArgumentNullException>(() => Pairing.MillerLoop([G1Affine.Generator], new G2Prepared[1]));
        Assert.Throws<ArgumentException>(() => Pairing.MillerLoop([G1Affine.Generator], ReadOnlySpan<G2Prepared>.Empty));
        Assert.Throws<ArgumentException>(() => Pairing.Check([G1Affine.Generator], ReadOnlySpan<G2Affine>.Empty));
        Assert.Throws<ArgumentException>(() => Pairing.FinalExponentiation(Fq12.Zero));
    }

    [Fact]
    public void PairingValuesOfNegatedInputsAreInverses()
    {
        Fq12 e = Pairing.Pair(G1Affine.Generator, G2Affine.Generator);
        Assert.Equal(e.Conjugate(), Pairing.Pair(-G1Affine.Generator, G2Affine.Generator));
        Assert.Equal(e.Conjugate(), Pairing.Pair(G1Affine.Generator, -G2Affine.Generator));
        Assert.Equal(e, Pairing.Pair(-G1Affine.Generator, -G2Affine.Generator));
    }
}

public class PairingInputValidationTests
{
    [Fact]
    public void InvalidPointsAreRejected()
    {
        var offG1 = new G1Affine(Fq.One, Fq.One);
        Assert.Throws<ArgumentException>(() => Pairing.Pair(offG1, G2Affine.Generator));
        var g = G2Affine.Generator;
        var offG2 = new G2Affine(g.X, g.Y + Fq2.One);
        Assert.Throws<ArgumentException>(() => Pairing.Pair(G1Affine.Generator, offG2));
        Assert.Throws<ArgumentException>(() => new G2Prepared(offG2));
        // On the twist but outside G2: a prepared (reusable) point must be in the subgroup.
        Assert.Throws<ArgumentException>(() => new G2Prepared(G2Tests.NonSubgroupPoint()));
    }
}

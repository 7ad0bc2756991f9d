using System.Numerics;
using ZkmlGpu.Field;

namespace ZkmlGpu.Field.Tests;

public class PrimeFieldSmokeTests
{
    [Fact]
    public void FrAndFqArithmeticMatchesBigInteger()
    {
        var rng = new Random(1);
        Check<Fr>(rng);
        Check<Fq>(rng);
    }

    private static void Check<T>(Random rng) where T : struct, IPrimeField<T>
    {
        BigInteger p = T.Modulus;
        for (int i = 0; i < 2000; i++)
        {
            BigInteger a = RandomBelow(rng, p), b = RandomBelow(rng, p);
            if (i == 0) { a = p - 1; b = p - 1; }
            T x = T.FromBigInteger(a), y = T.FromBigInteger(b);
            Assert.Equal(a, x.ToBigInteger());
            Assert.Equal((a + b) % p, (x + y).ToBigInteger());
            Assert.Equal(((a - b) % p + p) % p, (x - y).ToBigInteger());
            Assert.Equal(a * b % p, (x * y).ToBigInteger());
            Assert.Equal((p - a) % p, (-x).ToBigInteger());
            if (!a.IsZero) Assert.Equal(BigInteger.ModPow(a, p - 2, p), x.Inverse().ToBigInteger());
        }
    }

    private static BigInteger RandomBelow(Random rng, BigInteger p)
    {
        var bytes = new byte[33];
        rng.NextBytes(bytes);
        bytes[32] = 0;
        return new BigInteger(bytes) % p;
    }

    [Fact]
    public void G1DoubleEqualsAddAndStaysOnCurve()
    {
        var g = G1Jacobian.Generator;
        var twoG = g.Double();
        Assert.Equal(twoG, g + g);
        Assert.Equal(twoG + g, g + G1Affine.Generator + G1Affine.Generator);
        Assert.True((twoG + g).ToAffine().IsOnCurve);
        Assert.True((g - g).IsInfinity);
    }
}

public class RootsOfUnitySmokeTests
{
    [Fact]
    public void RootsHaveExactOrder()
    {
        for (int k = 1; k <= 28; k++)
        {
            var w = Fr.RootOfUnity(k);
            Assert.Equal(Fr.One, w.Pow(1UL << k));
            Assert.Equal(-Fr.One, w.Pow(1UL << (k - 1)));
        }
    }
}

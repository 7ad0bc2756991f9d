using System.Numerics;

namespace ZkmlGpu.Field.Tests;

public class FieldConstantsTests
{
    private static readonly BigInteger R = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");
    private static readonly BigInteger Q = BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583");
    private static readonly BigInteger TwoTo64 = BigInteger.One << 64, TwoTo256 = BigInteger.One << 256;

    [Fact]
    public void ModuliAreTheBn254Primes()
    {
        Assert.Equal(R, Fr.Modulus);
        Assert.Equal(Q, Fq.Modulus);
    }

    [Fact]
    public void MontgomeryConstantsMatchTheirDefinitions()
    {
        CheckConstants<FrModulus>(R);
        CheckConstants<FqModulus>(Q);
    }

    private static void CheckConstants<TMod>(BigInteger p) where TMod : struct, IMontgomeryModulus
    {
        Assert.Equal(p, TMod.Modulus.ToBigInteger());
        Assert.Equal(TwoTo256 % p, TMod.R.ToBigInteger());
        Assert.Equal(BigInteger.ModPow(TwoTo256, 2, p), TMod.RSquared.ToBigInteger());
        Assert.Equal(BigInteger.ModPow(TwoTo256, 3, p), TMod.RCubed.ToBigInteger());
        Assert.Equal(TwoTo64 - 1, (new BigInteger(TMod.Inv) * p) % TwoTo64); // −p⁻¹: Inv·p ≡ −1
    }

    [Fact]
    public void GpuLimbViewsMatch64BitLimbs()
    {
        BigInteger fr32 = 0, fq32 = 0;
        uint[] fr = [Bn254Constants.FrModulus32_0, Bn254Constants.FrModulus32_1, Bn254Constants.FrModulus32_2, Bn254Constants.FrModulus32_3,
                     Bn254Constants.FrModulus32_4, Bn254Constants.FrModulus32_5, Bn254Constants.FrModulus32_6, Bn254Constants.FrModulus32_7];
        uint[] fq = [Bn254Constants.FqModulus32_0, Bn254Constants.FqModulus32_1, Bn254Constants.FqModulus32_2, Bn254Constants.FqModulus32_3,
                     Bn254Constants.FqModulus32_4, Bn254Constants.FqModulus32_5, Bn254Constants.FqModulus32_6, Bn254Constants.FqModulus32_7];
        for (int i = 7; i >= 0; i--) { fr32 = (fr32 << 32) + fr[i]; fq32 = (fq32 << 32) + fq[i]; }
        Assert.Equal(R, fr32);
        Assert.Equal(Q, fq32);
        Assert.Equal((BigInteger.One << 32) - 1, (new BigInteger(Bn254Constants.FrInv32) * R) % (BigInteger.One << 32));
        Assert.Equal((BigInteger.One << 32) - 1, (new BigInteger(Bn254Constants.FqInv32) * Q) % (BigInteger.One << 32));
    }

    [Fact]
    public void FiveGeneratesTheMultiplicativeGroupOfFr()
    {
        BigInteger[] factors =
        [
            2, 3, 13, 29, 983, 11003, 237073, 405928799, 1670836401704629,
            BigInteger.Parse("13818364434197438864469338081"),
        ];
        // The factor list is the complete factorisation: r − 1 = 2^28 · 3^2 · 13 · 29 · 983 · 11003 · 237073 · … .
        BigInteger m = R - 1;
        foreach (var f in factors)
        {
            Assert.True(IsProbablePrime(f), $"{f} is not prime");
            Assert.True((m % f).IsZero);
            while ((m % f).IsZero) m /= f;
        }
        Assert.Equal(BigInteger.One, m);

        Fr g = Fr.MultiplicativeGenerator;
        Assert.Equal(new BigInteger(5), g.ToBigInteger());
        Assert.True(g.Pow(U256.FromBigInteger(R - 1)) == Fr.One);
        foreach (var f in factors)
            Assert.False(g.Pow(U256.FromBigInteger((R - 1) / f)) == Fr.One, $"5^((r−1)/{f}) = 1");
        Assert.Equal(-1, g.Legendre());
    }

    [Fact]
    public void TwoAdicityAndRootsOfUnity()
    {
        BigInteger m = R - 1;
        int s = 0;
        while (m.IsEven) { m >>= 1; s++; }
        Assert.Equal(28, s);
        Assert.Equal(Bn254Constants.FrTwoAdicity, s);
        Assert.True(Fr.RootOfUnity(0) == Fr.One);
        for (int k = 1; k <= 28; k++)
        {
            Fr w = Fr.RootOfUnity(k);
            BigInteger wv = w.ToBigInteger();
            Assert.Equal(BigInteger.One, BigInteger.ModPow(wv, BigInteger.One << k, R));
            Assert.Equal(R - 1, BigInteger.ModPow(wv, BigInteger.One << (k - 1), R)); // order exactly 2^k
            Assert.True(w.Square() == Fr.RootOfUnity(k - 1));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Fr.RootOfUnity(29));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fr.RootOfUnity(-1));
    }

    [Fact]
    public void FqIsThreeModFourSoItsSqrtIsTheShortcut()
    {
        Assert.Equal(3, (int)(Q % 4));
        Assert.Equal(1, DerivedFieldConstants<FqModulus>.TwoAdicity);
        Assert.Equal(28, DerivedFieldConstants<FrModulus>.TwoAdicity);
        // The Tonelli–Shanks non-residue of Fr is a real non-residue.
        ulong z = DerivedFieldConstants<FrModulus>.SmallestNonResidue;
        Assert.Equal(R - 1, BigInteger.ModPow(z, (R - 1) / 2, R));
    }

    private static bool IsProbablePrime(BigInteger n)
    {
        if (n < 2) return false;
        int[] bases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
        foreach (int b in bases) if (n % b == 0) return n == b;
        BigInteger d = n - 1;
        int r = 0;
        while (d.IsEven) { d >>= 1; r++; }
        foreach (int b in bases)
        {
            BigInteger x = BigInteger.ModPow(b, d, n);
            if (x.IsOne || x == n - 1) continue;
            bool composite = true;
            for (int i = 1; i < r && composite; i++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1) composite = false;
            }
            if (composite) return false;
        }
        return true;
    }
}

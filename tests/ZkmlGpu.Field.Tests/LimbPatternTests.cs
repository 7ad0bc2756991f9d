using System.Numerics;

namespace ZkmlGpu.Field.Tests;

/// <summary>
/// Inputs whose limbs are 0, 1, all ones, or the modulus' own limbs ±1: the cases where carry/borrow
/// lookahead and the conditional subtraction take their rare paths, which random values almost never hit.
/// </summary>
public class LimbPatternTests
{
    [Fact]
    public void FrOperationsOnLimbPatterns() => Check<Fr>(Bn254Constants.FrModulus0, Bn254Constants.FrModulus1, Bn254Constants.FrModulus2, Bn254Constants.FrModulus3);

    [Fact]
    public void FqOperationsOnLimbPatterns() => Check<Fq>(Bn254Constants.FqModulus0, Bn254Constants.FqModulus1, Bn254Constants.FqModulus2, Bn254Constants.FqModulus3);

    private static void Check<T>(params ulong[] modulusLimbs) where T : struct, IPrimeField<T>
    {
        BigInteger p = T.Modulus;
        var values = new List<BigInteger>();
        for (int limb = 0; limb < 4; limb++)
        {
            ulong pl = modulusLimbs[limb];
            ulong[] choices = [0, 1, ulong.MaxValue, ulong.MaxValue - 1, pl, pl - 1, pl + 1, 1UL << 63];
            foreach (ulong c0 in choices)
            foreach (ulong c1 in new ulong[] { 0, ulong.MaxValue, pl })
            {
                // Limb `limb` is c0, the limbs below are c1, the limbs above copy p's (so the value is near p).
                var limbs = new ulong[4];
                for (int i = 0; i < 4; i++) limbs[i] = i < limb ? c1 : i == limb ? c0 : modulusLimbs[i];
                BigInteger v = 0;
                for (int i = 3; i >= 0; i--) v = (v << 64) + limbs[i];
                if (v < p) values.Add(v);
                values.Add(v % p);
            }
        }
        values.AddRange([0, 1, p - 1, p - 2, (p - 1) / 2]);
        // Canonical values via the raw canonical constructor path (FromBigInteger → Montgomery form), and also
        // raw Montgomery limbs equal to the patterns (FromMontgomery), which exercises the arithmetic directly.
        foreach (var a in values)
        foreach (var b in values)
        {
            T x = T.FromBigInteger(a), y = T.FromBigInteger(b);
            Assert.Equal((a + b) % p, (x + y).ToBigInteger());
            Assert.Equal(((a - b) % p + p) % p, (x - y).ToBigInteger());
            Assert.Equal(a * b % p, (x * y).ToBigInteger());
        }
        BigInteger rInv = BigInteger.ModPow(BigInteger.One << 256, p - 2, p);
        foreach (var a in values)
        foreach (var b in values)
        {
            // Montgomery limbs a, b directly: mont(a)+mont(b) etc. are the same operations on a·R⁻¹ and b·R⁻¹.
            U256 ua = U256.FromBigInteger(a), ub = U256.FromBigInteger(b);
            Assert.Equal((a + b) % p, MontAdd<T>(ua, ub).ToBigInteger());
            Assert.Equal(((a - b) % p + p) % p, MontSub<T>(ua, ub).ToBigInteger());
            Assert.Equal(a * b % p * rInv % p, MontMul<T>(ua, ub).ToBigInteger());
            Assert.Equal(a * a % p * rInv % p, MontSquare<T>(ua).ToBigInteger());
        }
    }

    private static U256 MontAdd<T>(U256 a, U256 b) => typeof(T) == typeof(Fr) ? MontgomeryArithmetic<FrModulus>.Add(a, b) : MontgomeryArithmetic<FqModulus>.Add(a, b);
    private static U256 MontSub<T>(U256 a, U256 b) => typeof(T) == typeof(Fr) ? MontgomeryArithmetic<FrModulus>.Sub(a, b) : MontgomeryArithmetic<FqModulus>.Sub(a, b);
    private static U256 MontMul<T>(U256 a, U256 b) => typeof(T) == typeof(Fr) ? MontgomeryArithmetic<FrModulus>.Mul(a, b) : MontgomeryArithmetic<FqModulus>.Mul(a, b);
    private static U256 MontSquare<T>(U256 a) => typeof(T) == typeof(Fr) ? MontgomeryArithmetic<FrModulus>.Square(a) : MontgomeryArithmetic<FqModulus>.Square(a);
}

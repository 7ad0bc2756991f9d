using System.Numerics;

namespace ZkmlGpu.Field.Tests;

/// <summary>The safegcd inversion against BigInteger on many inputs, including ones that stress its approximations.</summary>
public class InverseStressTests
{
    [Fact]
    public void FrInverseMatchesBigIntegerOnManyInputs() => Check<FrModulus>(Fr.Modulus, 101);

    [Fact]
    public void FqInverseMatchesBigIntegerOnManyInputs() => Check<FqModulus>(Fq.Modulus, 102);

    private static void Check<TMod>(BigInteger p, int seed) where TMod : struct, IMontgomeryModulus
    {
        var rng = new Random(seed);
        var inputs = new List<BigInteger>();
        for (int i = 0; i < 15000; i++) inputs.Add(TestUtil.RandomBelow(rng, p - 1) + 1);
        // Small values, values just below p, consecutive Fibonacci numbers (long Euclidean chains), powers of two.
        for (int i = 1; i < 300; i++) { inputs.Add(i); inputs.Add(p - i); }
        BigInteger f0 = 1, f1 = 1;
        while (f1 < p) { inputs.Add(f1); (f0, f1) = (f1, f0 + f1); }
        for (int i = 0; i < 254; i++) inputs.Add(BigInteger.One << i);
        inputs.Add((p - 1) / 2);
        inputs.Add((p + 1) / 2);
        foreach (var a in inputs)
        {
            var inv = MontgomeryArithmetic<TMod>.InverseCanonical(U256.FromBigInteger(a)).ToBigInteger();
            // a·inv ≡ 1 and inv canonical characterise the inverse (cheaper than ModPow per input).
            Assert.True(inv < p && (a * inv % p).IsOne, $"inverse of {a}");
        }
    }
}

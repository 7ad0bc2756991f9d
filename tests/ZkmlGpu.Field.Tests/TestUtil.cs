using System.Numerics;

namespace ZkmlGpu.Field.Tests;

internal static class TestUtil
{
    /// <summary>Uniform-ish in [0, p) from the test's seeded generator (independent of the field's own sampler).</summary>
    public static BigInteger RandomBelow(Random rng, BigInteger p)
    {
        var bytes = new byte[40];
        rng.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % p;
    }

    public static BigInteger Mod(BigInteger a, BigInteger p) => ((a % p) + p) % p;

    /// <summary>Random values plus the edge cases 0, 1, 2, p − 1, p − 2, (p − 1)/2, (p + 1)/2.</summary>
    public static IEnumerable<BigInteger> Samples(Random rng, BigInteger p, int count)
    {
        yield return 0;
        yield return 1;
        yield return 2;
        yield return p - 1;
        yield return p - 2;
        yield return (p - 1) / 2;
        yield return (p + 1) / 2;
        for (int i = 0; i < count; i++) yield return RandomBelow(rng, p);
    }

    public static byte[] BigEndian32(BigInteger v)
    {
        var b = new byte[32];
        v.TryWriteBytes(b, out int written, isUnsigned: true, isBigEndian: true);
        // TryWriteBytes writes minimal bytes at the start; shift right-aligned.
        var r = new byte[32];
        Array.Copy(b, 0, r, 32 - written, written);
        return r;
    }
}

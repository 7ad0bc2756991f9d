using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ZkmlGpu.Field;

namespace ZkmlGpu.Bench.Field;

/// <summary>
/// Fr Montgomery products on 8 lanes from double-precision FMA, for comparison with the 29-bit
/// <c>FrLanes512</c> kernel. Elements are 5 limbs of 52 bits in limb planes (plane j holds limb j of consecutive
/// elements, planes <c>stride</c> ulongs apart) in their own Montgomery domain, R' = 2^260.
/// A 52×52-bit product is split exactly by two FMAs: hi = x·y + 2^104 rounded toward zero carries ⌊xy/2^52⌋ in its
/// mantissa, lo = x·y + (2^104 + 2^52 − hi) is exactly 2^52 + (xy mod 2^52). Their bit patterns are summed as
/// integers and the exponent bits (a known multiple of each constant's pattern) are taken off once per column.
/// </summary>
public static class Fma52Lanes
{
    public const int Lanes = 8;
    public const int Limbs = 5;
    private const ulong LimbMask = (1UL << 52) - 1;
    private const double Two52 = 4503599627370496d, Two104 = 20282409603651670423947251286016d,
        Two104Plus52 = 20282409603651674927546878656512d;
    private static readonly BigInteger R = Fr.Modulus;
    /// <summary>2^4: Fr's Montgomery factor is 2^256, this kernel's 2^260.</summary>
    private static readonly BigInteger DomainShift = 16;
    private static readonly BigInteger DomainShiftInverse = BigInteger.ModPow(16, R - 2, R);

    public static bool IsSupported => Avx512F.IsSupported && Avx512DQ.IsSupported;

    private static Vector512<ulong> Mask => Vector512.Create(LimbMask);

    /// <summary>⌊x·y / 2^52⌋ + 2^104 as a double (x, y &lt; 2^52 integers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Hi(Vector512<double> x, Vector512<double> y) =>
        Avx512F.FusedMultiplyAdd(x, y, Vector512.Create(Two104), FloatRoundingMode.ToZero);

    /// <summary>The bits of 2^52 + (x·y mod 2^52), given <paramref name="hi"/> = <see cref="Hi"/>(x, y); exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Lo(Vector512<double> x, Vector512<double> y, Vector512<double> hi) =>
        Avx512F.FusedMultiplyAdd(x, y, Vector512.Create(Two104Plus52) - hi).AsUInt64();

    /// <summary>The Montgomery quotient c·(−r⁻¹) mod 2^52 as a double. r ≡ 1 + k·2^28 (mod 2^52) with k = 0x1F593F, so
    /// −r⁻¹ ≡ k·2^28 − 1 and only c's low 24 bits times k are needed (one 32×32-bit multiply). The exponent bits summed
    /// into a column are 0 mod 2^52, so c needs no bias removal here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Quotient(Vector512<ulong> c) =>
        Avx512DQ.ConvertToVector512Double(((Avx512F.Multiply(c.AsUInt32(), Vector512.Create(0x1F593FUL).AsUInt32()) << 28) - c) & Mask);

    /// <summary>d = a·b/R' mod r, fully reduced, for the 8 elements at the refs. Inputs: limbs below 2^52 and
    /// values below 2^256 (so a·b &lt; r·R' and one final subtraction suffices).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mul(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong d, nint dStride)
    {
        Vector512<double> a0 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref a));
        Vector512<double> a1 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 1 * aStride)));
        Vector512<double> a2 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 2 * aStride)));
        Vector512<double> a3 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 3 * aStride)));
        Vector512<double> a4 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 4 * aStride)));
        Vector512<double> b0 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref b));
        Vector512<double> b1 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 1 * bStride)));
        Vector512<double> b2 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 2 * bStride)));
        Vector512<double> b3 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 3 * bStride)));
        Vector512<double> b4 = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 4 * bStride)));
        Vector512<double> h, m;
        Vector512<ulong> v;
        // a0·b, then clear column 0 with m·r.
        h = Hi(a0, b0);
        Vector512<ulong> c0 = Lo(a0, b0, h);
        Vector512<ulong> c1 = h.AsUInt64();
        h = Hi(a0, b1);
        c1 += Lo(a0, b1, h);
        Vector512<ulong> c2 = h.AsUInt64();
        h = Hi(a0, b2);
        c2 += Lo(a0, b2, h);
        Vector512<ulong> c3 = h.AsUInt64();
        h = Hi(a0, b3);
        c3 += Lo(a0, b3, h);
        Vector512<ulong> c4 = h.AsUInt64();
        h = Hi(a0, b4);
        c4 += Lo(a0, b4, h);
        Vector512<ulong> c5 = h.AsUInt64();
        m = Quotient(c0);
        v = c0 - Vector512.Create(0x4330000000000000UL);
        c1 += Hi(m, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((v + Mask) >>> 52);
        h = Hi(m, Vector512.Create((double)0x4879B9709143E));
        c1 += Lo(m, Vector512.Create((double)0x4879B9709143E), h);
        c2 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x181585D2833E8));
        c2 += Lo(m, Vector512.Create((double)0x181585D2833E8), h);
        c3 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0xA029B85045B68));
        c3 += Lo(m, Vector512.Create((double)0xA029B85045B68), h);
        c4 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x30644E72E131));
        c4 += Lo(m, Vector512.Create((double)0x30644E72E131), h);
        c5 += h.AsUInt64();
        // a1·b, then clear column 1 with m·r.
        h = Hi(a1, b0);
        c1 += Lo(a1, b0, h);
        c2 += h.AsUInt64();
        h = Hi(a1, b1);
        c2 += Lo(a1, b1, h);
        c3 += h.AsUInt64();
        h = Hi(a1, b2);
        c3 += Lo(a1, b2, h);
        c4 += h.AsUInt64();
        h = Hi(a1, b3);
        c4 += Lo(a1, b3, h);
        c5 += h.AsUInt64();
        h = Hi(a1, b4);
        c5 += Lo(a1, b4, h);
        Vector512<ulong> c6 = h.AsUInt64();
        m = Quotient(c1);
        v = c1 - Vector512.Create(0x5670000000000000UL);
        c2 += Hi(m, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((v + Mask) >>> 52);
        h = Hi(m, Vector512.Create((double)0x4879B9709143E));
        c2 += Lo(m, Vector512.Create((double)0x4879B9709143E), h);
        c3 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x181585D2833E8));
        c3 += Lo(m, Vector512.Create((double)0x181585D2833E8), h);
        c4 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0xA029B85045B68));
        c4 += Lo(m, Vector512.Create((double)0xA029B85045B68), h);
        c5 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x30644E72E131));
        c5 += Lo(m, Vector512.Create((double)0x30644E72E131), h);
        c6 += h.AsUInt64();
        // a2·b, then clear column 2 with m·r.
        h = Hi(a2, b0);
        c2 += Lo(a2, b0, h);
        c3 += h.AsUInt64();
        h = Hi(a2, b1);
        c3 += Lo(a2, b1, h);
        c4 += h.AsUInt64();
        h = Hi(a2, b2);
        c4 += Lo(a2, b2, h);
        c5 += h.AsUInt64();
        h = Hi(a2, b3);
        c5 += Lo(a2, b3, h);
        c6 += h.AsUInt64();
        h = Hi(a2, b4);
        c6 += Lo(a2, b4, h);
        Vector512<ulong> c7 = h.AsUInt64();
        m = Quotient(c2);
        v = c2 - Vector512.Create(0x69B0000000000000UL);
        c3 += Hi(m, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((v + Mask) >>> 52);
        h = Hi(m, Vector512.Create((double)0x4879B9709143E));
        c3 += Lo(m, Vector512.Create((double)0x4879B9709143E), h);
        c4 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x181585D2833E8));
        c4 += Lo(m, Vector512.Create((double)0x181585D2833E8), h);
        c5 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0xA029B85045B68));
        c5 += Lo(m, Vector512.Create((double)0xA029B85045B68), h);
        c6 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x30644E72E131));
        c6 += Lo(m, Vector512.Create((double)0x30644E72E131), h);
        c7 += h.AsUInt64();
        // a3·b, then clear column 3 with m·r.
        h = Hi(a3, b0);
        c3 += Lo(a3, b0, h);
        c4 += h.AsUInt64();
        h = Hi(a3, b1);
        c4 += Lo(a3, b1, h);
        c5 += h.AsUInt64();
        h = Hi(a3, b2);
        c5 += Lo(a3, b2, h);
        c6 += h.AsUInt64();
        h = Hi(a3, b3);
        c6 += Lo(a3, b3, h);
        c7 += h.AsUInt64();
        h = Hi(a3, b4);
        c7 += Lo(a3, b4, h);
        Vector512<ulong> c8 = h.AsUInt64();
        m = Quotient(c3);
        v = c3 - Vector512.Create(0x7CF0000000000000UL);
        c4 += Hi(m, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((v + Mask) >>> 52);
        h = Hi(m, Vector512.Create((double)0x4879B9709143E));
        c4 += Lo(m, Vector512.Create((double)0x4879B9709143E), h);
        c5 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x181585D2833E8));
        c5 += Lo(m, Vector512.Create((double)0x181585D2833E8), h);
        c6 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0xA029B85045B68));
        c6 += Lo(m, Vector512.Create((double)0xA029B85045B68), h);
        c7 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x30644E72E131));
        c7 += Lo(m, Vector512.Create((double)0x30644E72E131), h);
        c8 += h.AsUInt64();
        // a4·b, then clear column 4 with m·r.
        h = Hi(a4, b0);
        c4 += Lo(a4, b0, h);
        c5 += h.AsUInt64();
        h = Hi(a4, b1);
        c5 += Lo(a4, b1, h);
        c6 += h.AsUInt64();
        h = Hi(a4, b2);
        c6 += Lo(a4, b2, h);
        c7 += h.AsUInt64();
        h = Hi(a4, b3);
        c7 += Lo(a4, b3, h);
        c8 += h.AsUInt64();
        h = Hi(a4, b4);
        c8 += Lo(a4, b4, h);
        Vector512<ulong> c9 = h.AsUInt64();
        m = Quotient(c4);
        v = c4 - Vector512.Create(0x9030000000000000UL);
        c5 += Hi(m, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((v + Mask) >>> 52);
        h = Hi(m, Vector512.Create((double)0x4879B9709143E));
        c5 += Lo(m, Vector512.Create((double)0x4879B9709143E), h);
        c6 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x181585D2833E8));
        c6 += Lo(m, Vector512.Create((double)0x181585D2833E8), h);
        c7 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0xA029B85045B68));
        c7 += Lo(m, Vector512.Create((double)0xA029B85045B68), h);
        c8 += h.AsUInt64();
        h = Hi(m, Vector512.Create((double)0x30644E72E131));
        c8 += Lo(m, Vector512.Create((double)0x30644E72E131), h);
        c9 += h.AsUInt64();
        // The result (< 2r) in columns 5..9: remove the biases, carry, and subtract r once if it fits.
        v = c5 - Vector512.Create(0xD9E0000000000000UL);
        Vector512<ulong> r0 = v & Mask;
        v = c6 - Vector512.Create(0xC6A0000000000000UL) + (v >>> 52);
        Vector512<ulong> r1 = v & Mask;
        v = c7 - Vector512.Create(0xB360000000000000UL) + (v >>> 52);
        Vector512<ulong> r2 = v & Mask;
        v = c8 - Vector512.Create(0xA020000000000000UL) + (v >>> 52);
        Vector512<ulong> r3 = v & Mask;
        v = c9 - Vector512.Create(0x8CE0000000000000UL) + (v >>> 52);
        Vector512<ulong> r4 = v;
        v = r0 + Vector512.Create(0xE0A6C0FFFFFFFUL);
        Vector512<ulong> s0 = v & Mask;
        v = r1 + Vector512.Create(0xB786468F6EBC1UL) + (v >>> 52);
        Vector512<ulong> s1 = v & Mask;
        v = r2 + Vector512.Create(0xE7EA7A2D7CC17UL) + (v >>> 52);
        Vector512<ulong> s2 = v & Mask;
        v = r3 + Vector512.Create(0x5FD647AFBA497UL) + (v >>> 52);
        Vector512<ulong> s3 = v & Mask;
        v = r4 + Vector512.Create(0xFCF9BB18D1ECEUL) + (v >>> 52);
        Vector512<ulong> s4 = v & Mask;
        Vector512<ulong> keep = (v >>> 52) - Vector512<ulong>.One;
        Vector512.ConditionalSelect(keep, r0, s0).StoreUnsafe(ref d);
        Vector512.ConditionalSelect(keep, r1, s1).StoreUnsafe(ref Unsafe.Add(ref d, 1 * dStride));
        Vector512.ConditionalSelect(keep, r2, s2).StoreUnsafe(ref Unsafe.Add(ref d, 2 * dStride));
        Vector512.ConditionalSelect(keep, r3, s3).StoreUnsafe(ref Unsafe.Add(ref d, 3 * dStride));
        Vector512.ConditionalSelect(keep, r4, s4).StoreUnsafe(ref Unsafe.Add(ref d, 4 * dStride));
    }

    /// <summary>Writes Fr elements (Montgomery form, R = 2^256) into limb planes in this kernel's domain (R' = 2^260).</summary>
    public static void Split(ReadOnlySpan<Fr> source, Span<ulong> planes, int stride)
    {
        for (int i = 0; i < source.Length; i++)
            WriteLimbs(source[i].Mont.ToBigInteger() * DomainShift % R, planes, stride, i);
    }

    /// <summary>Reads limb planes back into Fr elements; throws if a value is not a canonical limb vector below r.</summary>
    public static void Join(ReadOnlySpan<ulong> planes, int stride, Span<Fr> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            BigInteger value = ReadLimbs(planes, stride, i);
            if (value >= R) throw new InvalidOperationException($"Fma52Lanes: element {i} is {value}, not below r.");
            destination[i] = Fr.FromMontgomery(U256.FromBigInteger(value * DomainShiftInverse % R));
        }
    }

    public static void WriteLimbs(BigInteger value, Span<ulong> planes, int stride, int index)
    {
        for (int j = 0; j < Limbs; j++) planes[j * stride + index] = (ulong)((value >> (52 * j)) & LimbMask);
    }

    /// <summary>The integer held at <paramref name="index"/>; throws if a limb exceeds 52 bits.</summary>
    public static BigInteger ReadLimbs(ReadOnlySpan<ulong> planes, int stride, int index)
    {
        BigInteger value = 0;
        for (int j = Limbs - 1; j >= 0; j--)
        {
            ulong limb = planes[j * stride + index];
            if (limb > LimbMask) throw new InvalidOperationException($"Fma52Lanes: element {index} limb {j} is 0x{limb:X}, over 52 bits.");
            value = (value << 52) | limb;
        }
        return value;
    }

    /// <summary>
    /// Checks the kernel against BigInteger arithmetic on edge cases (0, 1, r − 1, 2^256 − 1, limbs of all ones) and
    /// 1024 random products, and Split/Join against Fr's own product; throws <see cref="InvalidOperationException"/>
    /// on the first mismatch. Returns the number of products checked.
    /// </summary>
    public static int SelfCheck()
    {
        if (!IsSupported) throw new InvalidOperationException("Fma52Lanes needs AVX-512F and AVX-512DQ.");
        var rng = new Random(7);
        BigInteger max256 = (BigInteger.One << 256) - 1;
        var edges = new List<BigInteger> { 0, 1, 2, R - 1, R - 2, R, R + 1, max256, (BigInteger.One << 255) + 12345,
            (BigInteger.One << 208) - 1, LimbMask, (BigInteger)LimbMask << 52, Fr.Modulus >> 1 };
        var left = new List<BigInteger>();
        var right = new List<BigInteger>();
        foreach (BigInteger x in edges)
            foreach (BigInteger y in edges) { left.Add(x); right.Add(y); }
        for (int i = 0; i < 1024; i++)
        {
            left.Add(RandomBelow(rng, i % 4 == 0 ? BigInteger.One << 256 : R));
            right.Add(RandomBelow(rng, i % 4 == 1 ? BigInteger.One << 256 : R));
        }
        while (left.Count % Lanes != 0) { left.Add(R - 1); right.Add(max256); }

        int n = left.Count;
        var pa = new ulong[Limbs * n]; var pb = new ulong[Limbs * n]; var pd = new ulong[Limbs * n];
        for (int i = 0; i < n; i++) { WriteLimbs(left[i], pa, n, i); WriteLimbs(right[i], pb, n, i); }
        for (int i = 0; i < n; i += Lanes) Mul(ref pa[i], n, ref pb[i], n, ref pd[i], n);
        BigInteger rInverse = BigInteger.ModPow(BigInteger.ModPow(2, 260, R), R - 2, R);
        for (int i = 0; i < n; i++)
        {
            BigInteger expected = left[i] * right[i] % R * rInverse % R;
            BigInteger actual = ReadLimbs(pd, n, i);
            if (actual != expected)
                throw new InvalidOperationException($"Fma52Lanes.Mul({left[i]}, {right[i]}) gave {actual}, expected {expected}.");
        }

        // Through the Fr conversions: Join(Mul(Split(a), Split(b))) == a·b.
        Fr[] fa = Enumerable.Range(0, 64).Select(_ => Fr.Random(rng)).ToArray();
        Fr[] fb = Enumerable.Range(0, 64).Select(_ => Fr.Random(rng)).ToArray();
        fa[0] = Fr.Zero; fa[1] = Fr.One; fa[2] = -Fr.One; fb[2] = -Fr.One; fb[3] = Fr.One;
        var sa = new ulong[Limbs * 64]; var sb = new ulong[Limbs * 64]; var sd = new ulong[Limbs * 64];
        Split(fa, sa, 64); Split(fb, sb, 64);
        for (int i = 0; i < 64; i += Lanes) Mul(ref sa[i], 64, ref sb[i], 64, ref sd[i], 64);
        var fd = new Fr[64];
        Join(sd, 64, fd);
        for (int i = 0; i < 64; i++)
            if (fd[i] != fa[i] * fb[i])
                throw new InvalidOperationException($"Fma52Lanes: {fa[i]}·{fb[i]} gave {fd[i]}, Fr gives {fa[i] * fb[i]}.");
        return n + 64;
    }

    private static BigInteger RandomBelow(Random rng, BigInteger bound)
    {
        var bytes = new byte[33];
        rng.NextBytes(bytes);
        bytes[32] = 0;
        return new BigInteger(bytes) % bound;
    }
}

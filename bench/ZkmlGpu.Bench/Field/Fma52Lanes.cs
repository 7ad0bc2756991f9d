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
        Vector512<double> b0x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref b));
        Vector512<double> b1x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 1 * bStride)));
        Vector512<double> b2x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 2 * bStride)));
        Vector512<double> b3x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 3 * bStride)));
        Vector512<double> b4x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 4 * bStride)));
        Vector512<double> ax, hx, mx;
        Vector512<ulong> vx;
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref a));
        hx = Hi(ax, b0x);
        Vector512<ulong> c0x = Lo(ax, b0x, hx);
        Vector512<ulong> c1x = hx.AsUInt64();
        hx = Hi(ax, b1x);
        c1x += Lo(ax, b1x, hx);
        Vector512<ulong> c2x = hx.AsUInt64();
        hx = Hi(ax, b2x);
        c2x += Lo(ax, b2x, hx);
        Vector512<ulong> c3x = hx.AsUInt64();
        hx = Hi(ax, b3x);
        c3x += Lo(ax, b3x, hx);
        Vector512<ulong> c4x = hx.AsUInt64();
        hx = Hi(ax, b4x);
        c4x += Lo(ax, b4x, hx);
        Vector512<ulong> c5x = hx.AsUInt64();
        mx = Quotient(c0x);
        vx = c0x - Vector512.Create(0x4330000000000000UL);
        c1x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        c1x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c2x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        c2x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c3x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        c3x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c4x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        c4x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c5x += hx.AsUInt64();
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 1 * aStride)));
        hx = Hi(ax, b0x);
        c1x += Lo(ax, b0x, hx);
        c2x += hx.AsUInt64();
        hx = Hi(ax, b1x);
        c2x += Lo(ax, b1x, hx);
        c3x += hx.AsUInt64();
        hx = Hi(ax, b2x);
        c3x += Lo(ax, b2x, hx);
        c4x += hx.AsUInt64();
        hx = Hi(ax, b3x);
        c4x += Lo(ax, b3x, hx);
        c5x += hx.AsUInt64();
        hx = Hi(ax, b4x);
        c5x += Lo(ax, b4x, hx);
        Vector512<ulong> c6x = hx.AsUInt64();
        mx = Quotient(c1x);
        vx = c1x - Vector512.Create(0x5670000000000000UL);
        c2x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        c2x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c3x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        c3x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c4x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        c4x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c5x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        c5x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c6x += hx.AsUInt64();
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 2 * aStride)));
        hx = Hi(ax, b0x);
        c2x += Lo(ax, b0x, hx);
        c3x += hx.AsUInt64();
        hx = Hi(ax, b1x);
        c3x += Lo(ax, b1x, hx);
        c4x += hx.AsUInt64();
        hx = Hi(ax, b2x);
        c4x += Lo(ax, b2x, hx);
        c5x += hx.AsUInt64();
        hx = Hi(ax, b3x);
        c5x += Lo(ax, b3x, hx);
        c6x += hx.AsUInt64();
        hx = Hi(ax, b4x);
        c6x += Lo(ax, b4x, hx);
        Vector512<ulong> c7x = hx.AsUInt64();
        mx = Quotient(c2x);
        vx = c2x - Vector512.Create(0x69B0000000000000UL);
        c3x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        c3x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c4x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        c4x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c5x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        c5x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c6x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        c6x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c7x += hx.AsUInt64();
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 3 * aStride)));
        hx = Hi(ax, b0x);
        c3x += Lo(ax, b0x, hx);
        c4x += hx.AsUInt64();
        hx = Hi(ax, b1x);
        c4x += Lo(ax, b1x, hx);
        c5x += hx.AsUInt64();
        hx = Hi(ax, b2x);
        c5x += Lo(ax, b2x, hx);
        c6x += hx.AsUInt64();
        hx = Hi(ax, b3x);
        c6x += Lo(ax, b3x, hx);
        c7x += hx.AsUInt64();
        hx = Hi(ax, b4x);
        c7x += Lo(ax, b4x, hx);
        Vector512<ulong> c8x = hx.AsUInt64();
        mx = Quotient(c3x);
        vx = c3x - Vector512.Create(0x7CF0000000000000UL);
        c4x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        c4x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c5x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        c5x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c6x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        c6x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c7x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        c7x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c8x += hx.AsUInt64();
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 4 * aStride)));
        hx = Hi(ax, b0x);
        c4x += Lo(ax, b0x, hx);
        c5x += hx.AsUInt64();
        hx = Hi(ax, b1x);
        c5x += Lo(ax, b1x, hx);
        c6x += hx.AsUInt64();
        hx = Hi(ax, b2x);
        c6x += Lo(ax, b2x, hx);
        c7x += hx.AsUInt64();
        hx = Hi(ax, b3x);
        c7x += Lo(ax, b3x, hx);
        c8x += hx.AsUInt64();
        hx = Hi(ax, b4x);
        c8x += Lo(ax, b4x, hx);
        Vector512<ulong> c9x = hx.AsUInt64();
        mx = Quotient(c4x);
        vx = c4x - Vector512.Create(0x9030000000000000UL);
        c5x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        c5x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c6x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        c6x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c7x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        c7x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c8x += hx.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        c8x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c9x += hx.AsUInt64();
        vx = c5x - Vector512.Create(0xD9E0000000000000UL);
        Vector512<ulong> r0x = vx & Mask;
        vx = c6x - Vector512.Create(0xC6A0000000000000UL) + (vx >>> 52);
        Vector512<ulong> r1x = vx & Mask;
        vx = c7x - Vector512.Create(0xB360000000000000UL) + (vx >>> 52);
        Vector512<ulong> r2x = vx & Mask;
        vx = c8x - Vector512.Create(0xA020000000000000UL) + (vx >>> 52);
        Vector512<ulong> r3x = vx & Mask;
        vx = c9x - Vector512.Create(0x8CE0000000000000UL) + (vx >>> 52);
        Vector512<ulong> r4x = vx;
        vx = r0x + Vector512.Create(0xE0A6C0FFFFFFFUL);
        Vector512<ulong> s0x = vx & Mask;
        vx = r1x + Vector512.Create(0xB786468F6EBC1UL) + (vx >>> 52);
        Vector512<ulong> s1x = vx & Mask;
        vx = r2x + Vector512.Create(0xE7EA7A2D7CC17UL) + (vx >>> 52);
        Vector512<ulong> s2x = vx & Mask;
        vx = r3x + Vector512.Create(0x5FD647AFBA497UL) + (vx >>> 52);
        Vector512<ulong> s3x = vx & Mask;
        vx = r4x + Vector512.Create(0xFCF9BB18D1ECEUL) + (vx >>> 52);
        Vector512<ulong> s4x = vx & Mask;
        Vector512<ulong> keepx = (vx >>> 52) - Vector512<ulong>.One;
        Vector512.ConditionalSelect(keepx, r0x, s0x).StoreUnsafe(ref d);
        Vector512.ConditionalSelect(keepx, r1x, s1x).StoreUnsafe(ref Unsafe.Add(ref d, 1 * dStride));
        Vector512.ConditionalSelect(keepx, r2x, s2x).StoreUnsafe(ref Unsafe.Add(ref d, 2 * dStride));
        Vector512.ConditionalSelect(keepx, r3x, s3x).StoreUnsafe(ref Unsafe.Add(ref d, 3 * dStride));
        Vector512.ConditionalSelect(keepx, r4x, s4x).StoreUnsafe(ref Unsafe.Add(ref d, 4 * dStride));
    }

    /// <summary><see cref="Mul"/> on 16 elements (two groups of 8 lanes, interleaved so that one group's serial
    /// reduction overlaps the other's products).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mul16(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong d, nint dStride)
    {
        Vector512<double> b0x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref b));
        Vector512<double> b0y = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 8)));
        Vector512<double> b1x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 1 * bStride)));
        Vector512<double> b1y = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 8 + 1 * bStride)));
        Vector512<double> b2x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 2 * bStride)));
        Vector512<double> b2y = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 8 + 2 * bStride)));
        Vector512<double> b3x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 3 * bStride)));
        Vector512<double> b3y = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 8 + 3 * bStride)));
        Vector512<double> b4x = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 4 * bStride)));
        Vector512<double> b4y = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref b, 8 + 4 * bStride)));
        Vector512<double> ax, hx, mx;
        Vector512<double> ay, hy, my;
        Vector512<ulong> vx;
        Vector512<ulong> vy;
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref a));
        ay = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 8)));
        hx = Hi(ax, b0x);
        hy = Hi(ay, b0y);
        Vector512<ulong> c0x = Lo(ax, b0x, hx);
        Vector512<ulong> c0y = Lo(ay, b0y, hy);
        Vector512<ulong> c1x = hx.AsUInt64();
        Vector512<ulong> c1y = hy.AsUInt64();
        hx = Hi(ax, b1x);
        hy = Hi(ay, b1y);
        c1x += Lo(ax, b1x, hx);
        c1y += Lo(ay, b1y, hy);
        Vector512<ulong> c2x = hx.AsUInt64();
        Vector512<ulong> c2y = hy.AsUInt64();
        hx = Hi(ax, b2x);
        hy = Hi(ay, b2y);
        c2x += Lo(ax, b2x, hx);
        c2y += Lo(ay, b2y, hy);
        Vector512<ulong> c3x = hx.AsUInt64();
        Vector512<ulong> c3y = hy.AsUInt64();
        hx = Hi(ax, b3x);
        hy = Hi(ay, b3y);
        c3x += Lo(ax, b3x, hx);
        c3y += Lo(ay, b3y, hy);
        Vector512<ulong> c4x = hx.AsUInt64();
        Vector512<ulong> c4y = hy.AsUInt64();
        hx = Hi(ax, b4x);
        hy = Hi(ay, b4y);
        c4x += Lo(ax, b4x, hx);
        c4y += Lo(ay, b4y, hy);
        Vector512<ulong> c5x = hx.AsUInt64();
        Vector512<ulong> c5y = hy.AsUInt64();
        mx = Quotient(c0x);
        my = Quotient(c0y);
        vx = c0x - Vector512.Create(0x4330000000000000UL);
        vy = c0y - Vector512.Create(0x4330000000000000UL);
        c1x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        c1y += Hi(my, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vy + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        hy = Hi(my, Vector512.Create((double)0x4879B9709143E));
        c1x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c1y += Lo(my, Vector512.Create((double)0x4879B9709143E), hy);
        c2x += hx.AsUInt64();
        c2y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        hy = Hi(my, Vector512.Create((double)0x181585D2833E8));
        c2x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c2y += Lo(my, Vector512.Create((double)0x181585D2833E8), hy);
        c3x += hx.AsUInt64();
        c3y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        hy = Hi(my, Vector512.Create((double)0xA029B85045B68));
        c3x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c3y += Lo(my, Vector512.Create((double)0xA029B85045B68), hy);
        c4x += hx.AsUInt64();
        c4y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        hy = Hi(my, Vector512.Create((double)0x30644E72E131));
        c4x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c4y += Lo(my, Vector512.Create((double)0x30644E72E131), hy);
        c5x += hx.AsUInt64();
        c5y += hy.AsUInt64();
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 1 * aStride)));
        ay = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 8 + 1 * aStride)));
        hx = Hi(ax, b0x);
        hy = Hi(ay, b0y);
        c1x += Lo(ax, b0x, hx);
        c1y += Lo(ay, b0y, hy);
        c2x += hx.AsUInt64();
        c2y += hy.AsUInt64();
        hx = Hi(ax, b1x);
        hy = Hi(ay, b1y);
        c2x += Lo(ax, b1x, hx);
        c2y += Lo(ay, b1y, hy);
        c3x += hx.AsUInt64();
        c3y += hy.AsUInt64();
        hx = Hi(ax, b2x);
        hy = Hi(ay, b2y);
        c3x += Lo(ax, b2x, hx);
        c3y += Lo(ay, b2y, hy);
        c4x += hx.AsUInt64();
        c4y += hy.AsUInt64();
        hx = Hi(ax, b3x);
        hy = Hi(ay, b3y);
        c4x += Lo(ax, b3x, hx);
        c4y += Lo(ay, b3y, hy);
        c5x += hx.AsUInt64();
        c5y += hy.AsUInt64();
        hx = Hi(ax, b4x);
        hy = Hi(ay, b4y);
        c5x += Lo(ax, b4x, hx);
        c5y += Lo(ay, b4y, hy);
        Vector512<ulong> c6x = hx.AsUInt64();
        Vector512<ulong> c6y = hy.AsUInt64();
        mx = Quotient(c1x);
        my = Quotient(c1y);
        vx = c1x - Vector512.Create(0x5670000000000000UL);
        vy = c1y - Vector512.Create(0x5670000000000000UL);
        c2x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        c2y += Hi(my, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vy + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        hy = Hi(my, Vector512.Create((double)0x4879B9709143E));
        c2x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c2y += Lo(my, Vector512.Create((double)0x4879B9709143E), hy);
        c3x += hx.AsUInt64();
        c3y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        hy = Hi(my, Vector512.Create((double)0x181585D2833E8));
        c3x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c3y += Lo(my, Vector512.Create((double)0x181585D2833E8), hy);
        c4x += hx.AsUInt64();
        c4y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        hy = Hi(my, Vector512.Create((double)0xA029B85045B68));
        c4x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c4y += Lo(my, Vector512.Create((double)0xA029B85045B68), hy);
        c5x += hx.AsUInt64();
        c5y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        hy = Hi(my, Vector512.Create((double)0x30644E72E131));
        c5x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c5y += Lo(my, Vector512.Create((double)0x30644E72E131), hy);
        c6x += hx.AsUInt64();
        c6y += hy.AsUInt64();
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 2 * aStride)));
        ay = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 8 + 2 * aStride)));
        hx = Hi(ax, b0x);
        hy = Hi(ay, b0y);
        c2x += Lo(ax, b0x, hx);
        c2y += Lo(ay, b0y, hy);
        c3x += hx.AsUInt64();
        c3y += hy.AsUInt64();
        hx = Hi(ax, b1x);
        hy = Hi(ay, b1y);
        c3x += Lo(ax, b1x, hx);
        c3y += Lo(ay, b1y, hy);
        c4x += hx.AsUInt64();
        c4y += hy.AsUInt64();
        hx = Hi(ax, b2x);
        hy = Hi(ay, b2y);
        c4x += Lo(ax, b2x, hx);
        c4y += Lo(ay, b2y, hy);
        c5x += hx.AsUInt64();
        c5y += hy.AsUInt64();
        hx = Hi(ax, b3x);
        hy = Hi(ay, b3y);
        c5x += Lo(ax, b3x, hx);
        c5y += Lo(ay, b3y, hy);
        c6x += hx.AsUInt64();
        c6y += hy.AsUInt64();
        hx = Hi(ax, b4x);
        hy = Hi(ay, b4y);
        c6x += Lo(ax, b4x, hx);
        c6y += Lo(ay, b4y, hy);
        Vector512<ulong> c7x = hx.AsUInt64();
        Vector512<ulong> c7y = hy.AsUInt64();
        mx = Quotient(c2x);
        my = Quotient(c2y);
        vx = c2x - Vector512.Create(0x69B0000000000000UL);
        vy = c2y - Vector512.Create(0x69B0000000000000UL);
        c3x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        c3y += Hi(my, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vy + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        hy = Hi(my, Vector512.Create((double)0x4879B9709143E));
        c3x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c3y += Lo(my, Vector512.Create((double)0x4879B9709143E), hy);
        c4x += hx.AsUInt64();
        c4y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        hy = Hi(my, Vector512.Create((double)0x181585D2833E8));
        c4x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c4y += Lo(my, Vector512.Create((double)0x181585D2833E8), hy);
        c5x += hx.AsUInt64();
        c5y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        hy = Hi(my, Vector512.Create((double)0xA029B85045B68));
        c5x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c5y += Lo(my, Vector512.Create((double)0xA029B85045B68), hy);
        c6x += hx.AsUInt64();
        c6y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        hy = Hi(my, Vector512.Create((double)0x30644E72E131));
        c6x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c6y += Lo(my, Vector512.Create((double)0x30644E72E131), hy);
        c7x += hx.AsUInt64();
        c7y += hy.AsUInt64();
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 3 * aStride)));
        ay = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 8 + 3 * aStride)));
        hx = Hi(ax, b0x);
        hy = Hi(ay, b0y);
        c3x += Lo(ax, b0x, hx);
        c3y += Lo(ay, b0y, hy);
        c4x += hx.AsUInt64();
        c4y += hy.AsUInt64();
        hx = Hi(ax, b1x);
        hy = Hi(ay, b1y);
        c4x += Lo(ax, b1x, hx);
        c4y += Lo(ay, b1y, hy);
        c5x += hx.AsUInt64();
        c5y += hy.AsUInt64();
        hx = Hi(ax, b2x);
        hy = Hi(ay, b2y);
        c5x += Lo(ax, b2x, hx);
        c5y += Lo(ay, b2y, hy);
        c6x += hx.AsUInt64();
        c6y += hy.AsUInt64();
        hx = Hi(ax, b3x);
        hy = Hi(ay, b3y);
        c6x += Lo(ax, b3x, hx);
        c6y += Lo(ay, b3y, hy);
        c7x += hx.AsUInt64();
        c7y += hy.AsUInt64();
        hx = Hi(ax, b4x);
        hy = Hi(ay, b4y);
        c7x += Lo(ax, b4x, hx);
        c7y += Lo(ay, b4y, hy);
        Vector512<ulong> c8x = hx.AsUInt64();
        Vector512<ulong> c8y = hy.AsUInt64();
        mx = Quotient(c3x);
        my = Quotient(c3y);
        vx = c3x - Vector512.Create(0x7CF0000000000000UL);
        vy = c3y - Vector512.Create(0x7CF0000000000000UL);
        c4x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        c4y += Hi(my, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vy + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        hy = Hi(my, Vector512.Create((double)0x4879B9709143E));
        c4x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c4y += Lo(my, Vector512.Create((double)0x4879B9709143E), hy);
        c5x += hx.AsUInt64();
        c5y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        hy = Hi(my, Vector512.Create((double)0x181585D2833E8));
        c5x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c5y += Lo(my, Vector512.Create((double)0x181585D2833E8), hy);
        c6x += hx.AsUInt64();
        c6y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        hy = Hi(my, Vector512.Create((double)0xA029B85045B68));
        c6x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c6y += Lo(my, Vector512.Create((double)0xA029B85045B68), hy);
        c7x += hx.AsUInt64();
        c7y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        hy = Hi(my, Vector512.Create((double)0x30644E72E131));
        c7x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c7y += Lo(my, Vector512.Create((double)0x30644E72E131), hy);
        c8x += hx.AsUInt64();
        c8y += hy.AsUInt64();
        ax = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 4 * aStride)));
        ay = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, 8 + 4 * aStride)));
        hx = Hi(ax, b0x);
        hy = Hi(ay, b0y);
        c4x += Lo(ax, b0x, hx);
        c4y += Lo(ay, b0y, hy);
        c5x += hx.AsUInt64();
        c5y += hy.AsUInt64();
        hx = Hi(ax, b1x);
        hy = Hi(ay, b1y);
        c5x += Lo(ax, b1x, hx);
        c5y += Lo(ay, b1y, hy);
        c6x += hx.AsUInt64();
        c6y += hy.AsUInt64();
        hx = Hi(ax, b2x);
        hy = Hi(ay, b2y);
        c6x += Lo(ax, b2x, hx);
        c6y += Lo(ay, b2y, hy);
        c7x += hx.AsUInt64();
        c7y += hy.AsUInt64();
        hx = Hi(ax, b3x);
        hy = Hi(ay, b3y);
        c7x += Lo(ax, b3x, hx);
        c7y += Lo(ay, b3y, hy);
        c8x += hx.AsUInt64();
        c8y += hy.AsUInt64();
        hx = Hi(ax, b4x);
        hy = Hi(ay, b4y);
        c8x += Lo(ax, b4x, hx);
        c8y += Lo(ay, b4y, hy);
        Vector512<ulong> c9x = hx.AsUInt64();
        Vector512<ulong> c9y = hy.AsUInt64();
        mx = Quotient(c4x);
        my = Quotient(c4y);
        vx = c4x - Vector512.Create(0x9030000000000000UL);
        vy = c4y - Vector512.Create(0x9030000000000000UL);
        c5x += Hi(mx, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vx + Mask) >>> 52);
        c5y += Hi(my, Vector512.Create((double)0x1F593F0000001)).AsUInt64() + ((vy + Mask) >>> 52);
        hx = Hi(mx, Vector512.Create((double)0x4879B9709143E));
        hy = Hi(my, Vector512.Create((double)0x4879B9709143E));
        c5x += Lo(mx, Vector512.Create((double)0x4879B9709143E), hx);
        c5y += Lo(my, Vector512.Create((double)0x4879B9709143E), hy);
        c6x += hx.AsUInt64();
        c6y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x181585D2833E8));
        hy = Hi(my, Vector512.Create((double)0x181585D2833E8));
        c6x += Lo(mx, Vector512.Create((double)0x181585D2833E8), hx);
        c6y += Lo(my, Vector512.Create((double)0x181585D2833E8), hy);
        c7x += hx.AsUInt64();
        c7y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0xA029B85045B68));
        hy = Hi(my, Vector512.Create((double)0xA029B85045B68));
        c7x += Lo(mx, Vector512.Create((double)0xA029B85045B68), hx);
        c7y += Lo(my, Vector512.Create((double)0xA029B85045B68), hy);
        c8x += hx.AsUInt64();
        c8y += hy.AsUInt64();
        hx = Hi(mx, Vector512.Create((double)0x30644E72E131));
        hy = Hi(my, Vector512.Create((double)0x30644E72E131));
        c8x += Lo(mx, Vector512.Create((double)0x30644E72E131), hx);
        c8y += Lo(my, Vector512.Create((double)0x30644E72E131), hy);
        c9x += hx.AsUInt64();
        c9y += hy.AsUInt64();
        vx = c5x - Vector512.Create(0xD9E0000000000000UL);
        vy = c5y - Vector512.Create(0xD9E0000000000000UL);
        Vector512<ulong> r0x = vx & Mask;
        Vector512<ulong> r0y = vy & Mask;
        vx = c6x - Vector512.Create(0xC6A0000000000000UL) + (vx >>> 52);
        vy = c6y - Vector512.Create(0xC6A0000000000000UL) + (vy >>> 52);
        Vector512<ulong> r1x = vx & Mask;
        Vector512<ulong> r1y = vy & Mask;
        vx = c7x - Vector512.Create(0xB360000000000000UL) + (vx >>> 52);
        vy = c7y - Vector512.Create(0xB360000000000000UL) + (vy >>> 52);
        Vector512<ulong> r2x = vx & Mask;
        Vector512<ulong> r2y = vy & Mask;
        vx = c8x - Vector512.Create(0xA020000000000000UL) + (vx >>> 52);
        vy = c8y - Vector512.Create(0xA020000000000000UL) + (vy >>> 52);
        Vector512<ulong> r3x = vx & Mask;
        Vector512<ulong> r3y = vy & Mask;
        vx = c9x - Vector512.Create(0x8CE0000000000000UL) + (vx >>> 52);
        vy = c9y - Vector512.Create(0x8CE0000000000000UL) + (vy >>> 52);
        Vector512<ulong> r4x = vx;
        Vector512<ulong> r4y = vy;
        vx = r0x + Vector512.Create(0xE0A6C0FFFFFFFUL);
        vy = r0y + Vector512.Create(0xE0A6C0FFFFFFFUL);
        Vector512<ulong> s0x = vx & Mask;
        Vector512<ulong> s0y = vy & Mask;
        vx = r1x + Vector512.Create(0xB786468F6EBC1UL) + (vx >>> 52);
        vy = r1y + Vector512.Create(0xB786468F6EBC1UL) + (vy >>> 52);
        Vector512<ulong> s1x = vx & Mask;
        Vector512<ulong> s1y = vy & Mask;
        vx = r2x + Vector512.Create(0xE7EA7A2D7CC17UL) + (vx >>> 52);
        vy = r2y + Vector512.Create(0xE7EA7A2D7CC17UL) + (vy >>> 52);
        Vector512<ulong> s2x = vx & Mask;
        Vector512<ulong> s2y = vy & Mask;
        vx = r3x + Vector512.Create(0x5FD647AFBA497UL) + (vx >>> 52);
        vy = r3y + Vector512.Create(0x5FD647AFBA497UL) + (vy >>> 52);
        Vector512<ulong> s3x = vx & Mask;
        Vector512<ulong> s3y = vy & Mask;
        vx = r4x + Vector512.Create(0xFCF9BB18D1ECEUL) + (vx >>> 52);
        vy = r4y + Vector512.Create(0xFCF9BB18D1ECEUL) + (vy >>> 52);
        Vector512<ulong> s4x = vx & Mask;
        Vector512<ulong> s4y = vy & Mask;
        Vector512<ulong> keepx = (vx >>> 52) - Vector512<ulong>.One;
        Vector512<ulong> keepy = (vy >>> 52) - Vector512<ulong>.One;
        Vector512.ConditionalSelect(keepx, r0x, s0x).StoreUnsafe(ref d);
        Vector512.ConditionalSelect(keepy, r0y, s0y).StoreUnsafe(ref Unsafe.Add(ref d, 8));
        Vector512.ConditionalSelect(keepx, r1x, s1x).StoreUnsafe(ref Unsafe.Add(ref d, 1 * dStride));
        Vector512.ConditionalSelect(keepy, r1y, s1y).StoreUnsafe(ref Unsafe.Add(ref d, 8 + 1 * dStride));
        Vector512.ConditionalSelect(keepx, r2x, s2x).StoreUnsafe(ref Unsafe.Add(ref d, 2 * dStride));
        Vector512.ConditionalSelect(keepy, r2y, s2y).StoreUnsafe(ref Unsafe.Add(ref d, 8 + 2 * dStride));
        Vector512.ConditionalSelect(keepx, r3x, s3x).StoreUnsafe(ref Unsafe.Add(ref d, 3 * dStride));
        Vector512.ConditionalSelect(keepy, r3y, s3y).StoreUnsafe(ref Unsafe.Add(ref d, 8 + 3 * dStride));
        Vector512.ConditionalSelect(keepx, r4x, s4x).StoreUnsafe(ref Unsafe.Add(ref d, 4 * dStride));
        Vector512.ConditionalSelect(keepy, r4y, s4y).StoreUnsafe(ref Unsafe.Add(ref d, 8 + 4 * dStride));
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
        while (left.Count % (2 * Lanes) != 0) { left.Add(R - 1); right.Add(max256); }

        int n = left.Count;
        var pa = new ulong[Limbs * n]; var pb = new ulong[Limbs * n]; var pd = new ulong[Limbs * n];
        for (int i = 0; i < n; i++) { WriteLimbs(left[i], pa, n, i); WriteLimbs(right[i], pb, n, i); }
        BigInteger rInverse = BigInteger.ModPow(BigInteger.ModPow(2, 260, R), R - 2, R);
        foreach (bool sixteen in new[] { false, true })
        {
            Array.Clear(pd);
            if (sixteen) for (int i = 0; i < n; i += 2 * Lanes) Mul16(ref pa[i], n, ref pb[i], n, ref pd[i], n);
            else for (int i = 0; i < n; i += Lanes) Mul(ref pa[i], n, ref pb[i], n, ref pd[i], n);
            for (int i = 0; i < n; i++)
            {
                BigInteger expected = left[i] * right[i] % R * rInverse % R;
                BigInteger actual = ReadLimbs(pd, n, i);
                if (actual != expected)
                    throw new InvalidOperationException($"Fma52Lanes.{(sixteen ? "Mul16" : "Mul")}({left[i]}, {right[i]}) gave {actual}, expected {expected}.");
            }
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
        return 2 * n + 64;
    }

    private static BigInteger RandomBelow(Random rng, BigInteger bound)
    {
        var bytes = new byte[33];
        rng.NextBytes(bytes);
        bytes[32] = 0;
        return new BigInteger(bytes) % bound;
    }
}

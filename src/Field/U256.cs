using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkmlGpu.Field;

/// <summary>A 256-bit unsigned integer as four 64-bit limbs, least significant first.</summary>
public readonly struct U256 : IEquatable<U256>
{
    public readonly ulong U0, U1, U2, U3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public U256(ulong u0, ulong u1, ulong u2, ulong u3) { U0 = u0; U1 = u1; U2 = u2; U3 = u3; }

    public static U256 Zero => default;
    public static U256 One => new(1, 0, 0, 0);

    public bool IsZero => (U0 | U1 | U2 | U3) == 0;
    public bool IsEven => (U0 & 1) == 0;

    /// <summary>Bit i (0 = least significant).</summary>
    public bool Bit(int i) => ((i >> 6) switch { 0 => U0, 1 => U1, 2 => U2, _ => U3 } >> (i & 63) & 1) != 0;

    public int BitLength => U3 != 0 ? 256 - BitOperations.LeadingZeroCount(U3)
        : U2 != 0 ? 192 - BitOperations.LeadingZeroCount(U2)
        : U1 != 0 ? 128 - BitOperations.LeadingZeroCount(U1)
        : 64 - BitOperations.LeadingZeroCount(U0);

    /// <summary>a &lt; b as unsigned integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LessThan(in U256 a, in U256 b)
    {
        if (a.U3 != b.U3) return a.U3 < b.U3;
        if (a.U2 != b.U2) return a.U2 < b.U2;
        if (a.U1 != b.U1) return a.U1 < b.U1;
        return a.U0 < b.U0;
    }

    /// <summary>a + b, returning the carry out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Add(in U256 a, in U256 b, out ulong carry)
    {
        ulong c = 0;
        ulong r0 = AddCarry(a.U0, b.U0, ref c), r1 = AddCarry(a.U1, b.U1, ref c), r2 = AddCarry(a.U2, b.U2, ref c), r3 = AddCarry(a.U3, b.U3, ref c);
        carry = c;
        return new U256(r0, r1, r2, r3);
    }

    /// <summary>a − b, returning the borrow out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Sub(in U256 a, in U256 b, out ulong borrow)
    {
        ulong c = 0;
        ulong r0 = SubBorrow(a.U0, b.U0, ref c), r1 = SubBorrow(a.U1, b.U1, ref c), r2 = SubBorrow(a.U2, b.U2, ref c), r3 = SubBorrow(a.U3, b.U3, ref c);
        borrow = c;
        return new U256(r0, r1, r2, r3);
    }

    public static U256 ShiftRight1(in U256 a, ulong topBit = 0) =>
        new((a.U0 >> 1) | (a.U1 << 63), (a.U1 >> 1) | (a.U2 << 63), (a.U2 >> 1) | (a.U3 << 63), (a.U3 >> 1) | (topBit << 63));

    /// <summary>The low 256 bits of a·b (multiplication mod 2^256, i.e. two's-complement wrap-around).</summary>
    public static U256 MulLow(in U256 a, in U256 b)
    {
        Span<ulong> t = stackalloc ulong[8];
        MulFull(a, b, t);
        return new U256(t[0], t[1], t[2], t[3]);
    }

    /// <summary>The high 256 bits of the 512-bit product a·b, i.e. ⌊a·b / 2^256⌋.</summary>
    public static U256 MulHigh(in U256 a, in U256 b)
    {
        Span<ulong> t = stackalloc ulong[8];
        MulFull(a, b, t);
        return new U256(t[4], t[5], t[6], t[7]);
    }

    /// <summary>Schoolbook 256×256 → 512-bit product into 8 limbs, least significant first.</summary>
    private static void MulFull(in U256 a, in U256 b, Span<ulong> t)
    {
        t.Clear();
        ReadOnlySpan<ulong> x = [a.U0, a.U1, a.U2, a.U3];
        ReadOnlySpan<ulong> y = [b.U0, b.U1, b.U2, b.U3];
        for (int i = 0; i < 4; i++)
        {
            ulong carry = 0;
            for (int j = 0; j < 4; j++)
            {
                ulong hi = Math.BigMul(x[i], y[j], out ulong lo);
                lo += t[i + j]; hi += lo < t[i + j] ? 1UL : 0UL;
                lo += carry; hi += lo < carry ? 1UL : 0UL;
                t[i + j] = lo;
                carry = hi;
            }
            t[i + 4] = carry;
        }
    }

    /// <summary>2^256 − a (two's-complement negation).</summary>
    public static U256 Negate(in U256 a) => Sub(Zero, a, out _);

    /// <summary>Bits [index, index + count) as an integer, count ≤ 32; bits past 255 read as zero.</summary>
    public ulong GetBits(int index, int count)
    {
        int limb = index >> 6, offset = index & 63;
        ulong value = limb < 4 ? Limb(limb) >> offset : 0;
        if (offset + count > 64 && limb + 1 < 4) value |= Limb(limb + 1) << (64 - offset);
        return value & ((1UL << count) - 1);
    }

    /// <summary>Limb i (0 = least significant).</summary>
    public ulong Limb(int i) => i switch { 0 => U0, 1 => U1, 2 => U2, _ => U3 };

    /// <summary>
    /// The 128-bit product. With BMI2, mulx gives the high half and imul the low half, both in registers;
    /// Math.BigMul's out parameter would make its target address-exposed (stack round trips).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (ulong Hi, ulong Lo) MulWide(ulong a, ulong b)
    {
        if (System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported)
            return (System.Runtime.Intrinsics.X86.Bmi2.X64.MultiplyNoFlags(a, b), a * b);
        ulong hi = Math.BigMul(a, b, out ulong lo);
        return (hi, lo);
    }

    /// <summary>lo(a·b + c + carry), with carry ← hi(a·b + c + carry); never overflows 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MacCarry(ulong a, ulong b, ulong c, ref ulong carry)
    {
        (ulong hi, ulong lo) = MulWide(a, b);
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carry;
        hi += lo < carry ? 1UL : 0UL;
        carry = hi;
        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b;
        ulong c1 = s < a ? 1UL : 0UL;
        ulong r = s + carry;
        carry = c1 | (r < s ? 1UL : 0UL);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b;
        ulong b1 = a < b ? 1UL : 0UL;
        ulong r = d - borrow;
        borrow = b1 | (d < borrow ? 1UL : 0UL);
        return r;
    }

    public static U256 FromBigInteger(BigInteger value)
    {
        if (value.Sign < 0 || value.GetBitLength() > 256) throw new ArgumentOutOfRangeException(nameof(value), "Value must be in [0, 2^256).");
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return FromLittleEndian(bytes);
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteLittleEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    public static U256 FromLittleEndian(ReadOnlySpan<byte> b) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[16..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[24..]));

    public static U256 FromBigEndian(ReadOnlySpan<byte> b) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[24..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[16..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[8..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b));

    public void WriteLittleEndian(Span<byte> b)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, U0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b[8..], U1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b[16..], U2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b[24..], U3);
    }

    public void WriteBigEndian(Span<byte> b)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b, U3);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[8..], U2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[16..], U1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[24..], U0);
    }

    public bool Equals(U256 other) => U0 == other.U0 && U1 == other.U1 && U2 == other.U2 && U3 == other.U3;
    public override bool Equals(object? obj) => obj is U256 o && Equals(o);
    public override int GetHashCode() => HashCode.Combine(U0, U1, U2, U3);
    public static bool operator ==(U256 a, U256 b) => a.Equals(b);
    public static bool operator !=(U256 a, U256 b) => !a.Equals(b);
    public override string ToString() => ToBigInteger().ToString();
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace ZkmlGpu.Field;

/// <summary>The constants of one 4-limb Montgomery field; implemented by empty structs so the JIT folds them.</summary>
public interface IMontgomeryModulus
{
    static abstract U256 Modulus { get; }
    /// <summary>−p⁻¹ mod 2^64.</summary>
    static abstract ulong Inv { get; }
    static abstract U256 R { get; }
    static abstract U256 RSquared { get; }
    static abstract U256 RCubed { get; }
}

public struct FrModulus : IMontgomeryModulus
{
    public static U256 Modulus => new(Bn254Constants.FrModulus0, Bn254Constants.FrModulus1, Bn254Constants.FrModulus2, Bn254Constants.FrModulus3);
    public static ulong Inv => Bn254Constants.FrInv;
    public static U256 R => new(Bn254Constants.FrR0, Bn254Constants.FrR1, Bn254Constants.FrR2, Bn254Constants.FrR3);
    public static U256 RSquared => new(Bn254Constants.FrRSquared0, Bn254Constants.FrRSquared1, Bn254Constants.FrRSquared2, Bn254Constants.FrRSquared3);
    public static U256 RCubed => new(Bn254Constants.FrRCubed0, Bn254Constants.FrRCubed1, Bn254Constants.FrRCubed2, Bn254Constants.FrRCubed3);
}

public struct FqModulus : IMontgomeryModulus
{
    public static U256 Modulus => new(Bn254Constants.FqModulus0, Bn254Constants.FqModulus1, Bn254Constants.FqModulus2, Bn254Constants.FqModulus3);
    public static ulong Inv => Bn254Constants.FqInv;
    public static U256 R => new(Bn254Constants.FqR0, Bn254Constants.FqR1, Bn254Constants.FqR2, Bn254Constants.FqR3);
    public static U256 RSquared => new(Bn254Constants.FqRSquared0, Bn254Constants.FqRSquared1, Bn254Constants.FqRSquared2, Bn254Constants.FqRSquared3);
    public static U256 RCubed => new(Bn254Constants.FqRCubed0, Bn254Constants.FqRCubed1, Bn254Constants.FqRCubed2, Bn254Constants.FqRCubed3);
}

/// <summary>
/// Montgomery arithmetic on 4×64-bit limbs for a modulus below 2^254 (both BN254 fields), written once and
/// specialised per modulus by the JIT. Inputs and outputs are fully reduced (in [0, p)).
/// </summary>
public static partial class MontgomeryArithmetic<TMod> where TMod : struct, IMontgomeryModulus
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Add(in U256 a, in U256 b)
    {
        // p < 2^254, so a + b < 2^255 never carries out of 256 bits.
        U256 s = U256.Add(a, b, out _);
        return ReduceOnce(s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Sub(in U256 a, in U256 b)
    {
        U256 d = U256.Sub(a, b, out ulong borrow);
        // Add p back when the subtraction borrowed; mask keeps it branch-free.
        ulong mask = 0UL - borrow;
        U256 p = TMod.Modulus;
        return U256.Add(d, new U256(p.U0 & mask, p.U1 & mask, p.U2 & mask, p.U3 & mask), out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Neg(in U256 a) => a.IsZero ? a : U256.Sub(TMod.Modulus, a, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 ReduceOnce(in U256 s)
    {
        U256 t = U256.Sub(s, TMod.Modulus, out ulong borrow);
        ulong keep = 0UL - borrow; // all ones when s < p
        return new U256(
            (s.U0 & keep) | (t.U0 & ~keep), (s.U1 & keep) | (t.U1 & ~keep),
            (s.U2 & keep) | (t.U2 & ~keep), (s.U3 & keep) | (t.U3 & ~keep));
    }

    /// <summary>
    /// a·b·R⁻¹ mod p by CIOS. The modulus leaves the top bit free, so the final carry fits in the
    /// top limb (the "no-carry" variant of gnark-crypto's paper).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Mul(in U256 a, in U256 b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        MulStep(b.U0, a, ref t0, ref t1, ref t2, ref t3);
        MulStep(b.U1, a, ref t0, ref t1, ref t2, ref t3);
        MulStep(b.U2, a, ref t0, ref t1, ref t2, ref t3);
        MulStep(b.U3, a, ref t0, ref t1, ref t2, ref t3);
        return ReduceOnce(new U256(t0, t1, t2, t3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulStep(ulong y, in U256 x, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        U256 p = TMod.Modulus;
        ulong c = MulAdd(y, x.U0, t0, 0, out t0);
        ulong m = t0 * TMod.Inv;
        ulong c2 = MulAdd(m, p.U0, t0, 0, out _);
        c = MulAdd(y, x.U1, t1, c, out t1);
        c2 = MulAdd(m, p.U1, t1, c2, out t0);
        c = MulAdd(y, x.U2, t2, c, out t2);
        c2 = MulAdd(m, p.U2, t2, c2, out t1);
        c = MulAdd(y, x.U3, t3, c, out t3);
        c2 = MulAdd(m, p.U3, t3, c2, out t2);
        t3 = c + c2;
    }

    /// <summary>a·b + c + d as (hi, lo); never overflows 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong a, ulong b, ulong c, ulong d, out ulong lo)
    {
        ulong hi = Math.BigMul(a, b, out ulong l);
        l += c;
        hi += l < c ? 1UL : 0UL;
        l += d;
        hi += l < d ? 1UL : 0UL;
        lo = l;
        return hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Square(in U256 a) => Mul(a, a);

    public static U256 ToMontgomery(in U256 canonical) => Mul(canonical, TMod.RSquared);

    public static U256 FromMontgomery(in U256 mont) => Mul(mont, U256.One);

    /// <summary>base^exponent with a fixed 4-bit window (about 254 squarings and 64 multiplications for a full exponent).</summary>
    public static U256 Pow(in U256 baseMont, in U256 exponent)
    {
        int bits = exponent.BitLength;
        if (bits <= 8)
        {
            U256 r = TMod.R;
            for (int i = bits - 1; i >= 0; i--)
            {
                r = Square(r);
                if (exponent.Bit(i)) r = Mul(r, baseMont);
            }
            return r;
        }
        Span<U256> table = stackalloc U256[16];
        table[0] = TMod.R;
        for (int i = 1; i < 16; i++) table[i] = Mul(table[i - 1], baseMont);
        int top = (bits + 3) & ~3;
        U256 result = table[(int)exponent.GetBits(top - 4, 4)];
        for (int i = top - 8; i >= 0; i -= 4)
        {
            result = Square(Square(Square(Square(result))));
            int digit = (int)exponent.GetBits(i, 4);
            if (digit != 0) result = Mul(result, table[digit]);
        }
        return result;
    }

    public static bool IsCanonical(in U256 x) => U256.LessThan(x, TMod.Modulus);

    public static U256 FromBigInteger(BigInteger value)
    {
        BigInteger p = TMod.Modulus.ToBigInteger();
        BigInteger reduced = BigInteger.Remainder(value, p);
        if (reduced.Sign < 0) reduced += p;
        return ToMontgomery(U256.FromBigInteger(reduced));
    }

    /// <summary>Uniform in [0, p): 512 random bits reduced, bias below 2^-250.</summary>
    public static U256 Random(Random rng)
    {
        Span<byte> bytes = stackalloc byte[64];
        rng.NextBytes(bytes);
        return FromWideBytes(bytes);
    }

    public static U256 RandomSecure()
    {
        Span<byte> bytes = stackalloc byte[64];
        RandomNumberGenerator.Fill(bytes);
        return FromWideBytes(bytes);
    }

    /// <summary>Reduces 64 little-endian bytes (lo + hi·2^256) into Montgomery form: lo·R² ·R⁻¹ + hi·R³·R⁻¹ = (lo + hi·R)·R.</summary>
    public static U256 FromWideBytes(ReadOnlySpan<byte> bytes64)
    {
        U256 lo = U256.FromLittleEndian(bytes64), hi = U256.FromLittleEndian(bytes64[32..]);
        // Bring each half below p first (values < 2^256 < 6p, so a few subtractions suffice).
        lo = ReduceFully(lo); hi = ReduceFully(hi);
        return Add(Mul(lo, TMod.RSquared), Mul(hi, TMod.RCubed));
    }

    private static U256 ReduceFully(U256 x)
    {
        while (!IsCanonical(x)) x = U256.Sub(x, TMod.Modulus, out _);
        return x;
    }

    /// <summary>Reads a canonical encoding; throws <see cref="InvalidEncodingException"/> if the value is ≥ p.</summary>
    public static U256 FromCanonicalBytes(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        if (bytes.Length != 32) throw new InvalidEncodingException($"A field element is 32 bytes, got {bytes.Length}.");
        U256 x = bigEndian ? U256.FromBigEndian(bytes) : U256.FromLittleEndian(bytes);
        if (!IsCanonical(x)) throw new InvalidEncodingException("Field element is not canonical: its value is not below the modulus.");
        return ToMontgomery(x);
    }
}

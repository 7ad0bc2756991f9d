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
    public static U256 Modulus { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Bn254Constants.FrModulus0, Bn254Constants.FrModulus1, Bn254Constants.FrModulus2, Bn254Constants.FrModulus3); }
    public static ulong Inv { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Bn254Constants.FrInv; }
    public static U256 R { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Bn254Constants.FrR0, Bn254Constants.FrR1, Bn254Constants.FrR2, Bn254Constants.FrR3); }
    public static U256 RSquared { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Bn254Constants.FrRSquared0, Bn254Constants.FrRSquared1, Bn254Constants.FrRSquared2, Bn254Constants.FrRSquared3); }
    public static U256 RCubed { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Bn254Constants.FrRCubed0, Bn254Constants.FrRCubed1, Bn254Constants.FrRCubed2, Bn254Constants.FrRCubed3); }
}

public struct FqModulus : IMontgomeryModulus
{
    public static U256 Modulus { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Bn254Constants.FqModulus0, Bn254Constants.FqModulus1, Bn254Constants.FqModulus2, Bn254Constants.FqModulus3); }
    public static ulong Inv { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Bn254Constants.FqInv; }
    public static U256 R { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Bn254Constants.FqR0, Bn254Constants.FqR1, Bn254Constants.FqR2, Bn254Constants.FqR3); }
    public static U256 RSquared { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Bn254Constants.FqRSquared0, Bn254Constants.FqRSquared1, Bn254Constants.FqRSquared2, Bn254Constants.FqRSquared3); }
    public static U256 RCubed { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Bn254Constants.FqRCubed0, Bn254Constants.FqRCubed1, Bn254Constants.FqRCubed2, Bn254Constants.FqRCubed3); }
}

/// <summary>
/// Montgomery arithmetic on 4×64-bit limbs for a modulus below 2^254 (both BN254 fields), written once and
/// specialised per modulus by the JIT. Inputs and outputs are fully reduced (in [0, p)).
/// </summary>
[SkipLocalsInit]
public static partial class MontgomeryArithmetic<TMod> where TMod : struct, IMontgomeryModulus
{
    // Additions use carry-lookahead: each limb's "generate" (the limb sum wrapped) and "propagate" (it is all
    // ones) bits are computed independently and the carries combined in a small tree, instead of a chain of
    // compare-and-add per limb (C# has no add-with-carry). This cuts a dependent add from ~9 to ~6 ns.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bit(bool x) => x ? 1UL : 0UL;

    /// <summary>a + b mod 2^256 with carry-lookahead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static U256 AddLookahead(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3)
    {
        ulong s0 = a0 + b0, s1 = a1 + b1, s2 = a2 + b2, s3 = a3 + b3;
        ulong g0 = Bit(s0 < a0), g1 = Bit(s1 < a1), g2 = Bit(s2 < a2);
        ulong q1 = Bit(s1 == ulong.MaxValue), q2 = Bit(s2 == ulong.MaxValue);
        ulong c2 = g1 | (q1 & g0);
        ulong c3 = g2 | (q2 & c2);
        return new U256(s0, s1 + g0, s2 + c2, s3 + c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Add(in U256 a, in U256 b)
    {
        // p < 2^254, so a + b < 2^255 never carries out of 256 bits.
        return ReduceOnce(AddLookahead(a.U0, a.U1, a.U2, a.U3, b.U0, b.U1, b.U2, b.U3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Sub(in U256 a, in U256 b)
    {
        // Borrow-lookahead a − b, then add p back (masked) when it borrowed.
        ulong bg0 = Bit(a.U0 < b.U0), bg1 = Bit(a.U1 < b.U1), bg2 = Bit(a.U2 < b.U2), bg3 = Bit(a.U3 < b.U3);
        ulong bp1 = Bit(a.U1 == b.U1), bp2 = Bit(a.U2 == b.U2), bp3 = Bit(a.U3 == b.U3);
        ulong br2 = bg1 | (bp1 & bg0);
        ulong br3 = bg2 | (bp2 & br2);
        ulong mask = 0UL - (bg3 | (bp3 & br3));
        U256 p = TMod.Modulus;
        return AddLookahead(
            a.U0 - b.U0, a.U1 - b.U1 - bg0, a.U2 - b.U2 - br2, a.U3 - b.U3 - br3,
            p.U0 & mask, p.U1 & mask, p.U2 & mask, p.U3 & mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Neg(in U256 a) => a.IsZero ? a : U256.Sub(TMod.Modulus, a, out _);

    /// <summary>s − p if s ≥ p, else s (branch-free, borrow-lookahead); for sums, where either case is common.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 ReduceOnce(in U256 s)
    {
        U256 p = TMod.Modulus;
        ulong bg0 = Bit(s.U0 < p.U0), bg1 = Bit(s.U1 < p.U1), bg2 = Bit(s.U2 < p.U2), bg3 = Bit(s.U3 < p.U3);
        ulong bp1 = Bit(s.U1 == p.U1), bp2 = Bit(s.U2 == p.U2), bp3 = Bit(s.U3 == p.U3);
        ulong br2 = bg1 | (bp1 & bg0);
        ulong br3 = bg2 | (bp2 & br2);
        ulong keep = 0UL - (bg3 | (bp3 & br3)); // all ones when s < p
        ulong t0 = s.U0 - p.U0, t1 = s.U1 - p.U1 - bg0, t2 = s.U2 - p.U2 - br2, t3 = s.U3 - p.U3 - br3;
        return new U256(
            (s.U0 & keep) | (t0 & ~keep), (s.U1 & keep) | (t1 & ~keep),
            (s.U2 & keep) | (t2 & ~keep), (s.U3 & keep) | (t3 & ~keep));
    }

    /// <summary>
    /// <see cref="ReduceOnce"/> with a branch, for Montgomery products: their result is in [0, p + p²/2^256),
    /// so s ≥ p only a few percent of the time for BN254 and the branch is well predicted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static U256 ReduceOnceRarely(in U256 s)
    {
        U256 p = TMod.Modulus;
        ulong bg0 = Bit(s.U0 < p.U0), bg1 = Bit(s.U1 < p.U1), bg2 = Bit(s.U2 < p.U2), bg3 = Bit(s.U3 < p.U3);
        ulong bp1 = Bit(s.U1 == p.U1), bp2 = Bit(s.U2 == p.U2), bp3 = Bit(s.U3 == p.U3);
        ulong br2 = bg1 | (bp1 & bg0);
        ulong br3 = bg2 | (bp2 & br2);
        ulong below = bg3 | (bp3 & br3); // s < p
        return below != 0 ? s : new U256(s.U0 - p.U0, s.U1 - p.U1 - bg0, s.U2 - p.U2 - br2, s.U3 - p.U3 - br3);
    }

    /// <summary>
    /// a·b·R⁻¹ mod p by CIOS. The modulus leaves the top bit free, so the final carry fits in the
    /// top limb (the "no-carry" variant of gnark-crypto's paper).
    /// Inlined, for tight loops over Fr; see <see cref="MulOutOfLine"/> for formula-heavy code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Mul(in U256 a, in U256 b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        MulRound(b.U0, a, ref t0, ref t1, ref t2, ref t3);
        MulRound(b.U1, a, ref t0, ref t1, ref t2, ref t3);
        MulRound(b.U2, a, ref t0, ref t1, ref t2, ref t3);
        MulRound(b.U3, a, ref t0, ref t1, ref t2, ref t3);
        return ReduceOnceRarely(new U256(t0, t1, t2, t3));
    }

    /// <summary>
    /// <see cref="Mul"/> kept out of line: inlining ~500 instructions into curve and tower formulas exhausts the
    /// JIT's inlining budget, after which even tiny helpers (carries, additions) become calls. Fq uses this.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static U256 MulOutOfLine(in U256 a, in U256 b) => Mul(a, b);

    /// <summary><see cref="Square"/> kept out of line, for the same reason as <see cref="MulOutOfLine"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static U256 SquareOutOfLine(in U256 a) => Square(a);

    /// <summary>One CIOS round: t ← (t + y·a + m·p) / 2^64 with m chosen to clear the low limb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulRound(ulong y, in U256 a, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        U256 p = TMod.Modulus;
        ulong hi = 0, c = 0;
        ulong u = U256.MacCarry(y, a.U0, t0, ref hi);
        ulong m = u * TMod.Inv;
        U256.MacCarry(m, p.U0, u, ref c);
        u = U256.MacCarry(y, a.U1, t1, ref hi);
        t0 = U256.MacCarry(m, p.U1, u, ref c);
        u = U256.MacCarry(y, a.U2, t2, ref hi);
        t1 = U256.MacCarry(m, p.U2, u, ref c);
        u = U256.MacCarry(y, a.U3, t3, ref hi);
        t2 = U256.MacCarry(m, p.U3, u, ref c);
        t3 = hi + c;
    }

    /// <summary>a·b + c as (hi, lo); never overflows 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Hi, ulong Lo) Mac(ulong a, ulong b, ulong c)
    {
        (ulong hi, ulong lo) = U256.MulWide(a, b);
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        return (hi, lo);
    }

    /// <summary>a·b + c + d as (hi, lo); never overflows 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Hi, ulong Lo) Mac(ulong a, ulong b, ulong c, ulong d)
    {
        (ulong hi, ulong lo) = U256.MulWide(a, b);
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += d;
        hi += lo < d ? 1UL : 0UL;
        return (hi, lo);
    }

    /// <summary>
    /// a²·R⁻¹ mod p: the 512-bit square with each cross product computed once (10 products instead of 16),
    /// then a separate Montgomery reduction (SOS).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Square(in U256 a)
    {
        ulong a0 = a.U0, a1 = a.U1, a2 = a.U2, a3 = a.U3;
        // Cross products a_i·a_j (i < j) into t1..t6.
        ulong t1, t2, t3, t4, t5, t6, c;
        (c, t1) = U256.MulWide(a0, a1);
        (c, t2) = Mac(a0, a2, c);
        (t4, t3) = Mac(a0, a3, c);
        (c, t3) = Mac(a1, a2, t3);
        (t5, t4) = Mac(a1, a3, t4, c);
        (t6, t5) = Mac(a2, a3, t5);
        // Double them.
        ulong t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;
        // Add the squares a_i² on the diagonal.
        ulong t0, lo, carry = 0;
        (c, t0) = U256.MulWide(a0, a0);
        t1 = U256.AddCarry(t1, c, ref carry);
        (c, lo) = U256.MulWide(a1, a1);
        t2 = U256.AddCarry(t2, lo, ref carry);
        t3 = U256.AddCarry(t3, c, ref carry);
        (c, lo) = U256.MulWide(a2, a2);
        t4 = U256.AddCarry(t4, lo, ref carry);
        t5 = U256.AddCarry(t5, c, ref carry);
        (c, lo) = U256.MulWide(a3, a3);
        t6 = U256.AddCarry(t6, lo, ref carry);
        t7 = t7 + c + carry; // the square is below 2^512

        // Montgomery reduction of t0..t7, one limb per round; each round's top carry feeds the next round.
        carry = 0;
        RedcRound(ref t0, ref t1, ref t2, ref t3, ref t4, ref carry);
        RedcRound(ref t1, ref t2, ref t3, ref t4, ref t5, ref carry);
        RedcRound(ref t2, ref t3, ref t4, ref t5, ref t6, ref carry);
        RedcRound(ref t3, ref t4, ref t5, ref t6, ref t7, ref carry);
        // (T + M·p)/2^256 < 2p < 2^255, so no carry is left and one subtraction finishes.
        return ReduceOnceRarely(new U256(t4, t5, t6, t7));
    }

    /// <summary>Adds m·p (m clearing limb 0) to five consecutive limbs, carrying into the fifth.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RedcRound(ref ulong l0, ref ulong l1, ref ulong l2, ref ulong l3, ref ulong l4, ref ulong carry)
    {
        U256 p = TMod.Modulus;
        ulong m = l0 * TMod.Inv, c;
        (c, _) = Mac(m, p.U0, l0);
        (c, l1) = Mac(m, p.U1, l1, c);
        (c, l2) = Mac(m, p.U2, l2, c);
        (c, l3) = Mac(m, p.U3, l3, c);
        l4 = U256.AddCarry(l4, c, ref carry);
    }

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

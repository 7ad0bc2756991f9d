using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkmlGpu.Field;

/// <summary>The modulus in signed-62-bit limbs and p⁻¹ mod 2^62, for the Bernstein–Yang inversion.</summary>
internal static class SafeGcdConstants<TMod> where TMod : struct, IMontgomeryModulus
{
    public static readonly long P0, P1, P2, P3, P4;
    public static readonly ulong PInv62;

    static SafeGcdConstants()
    {
        U256 p = TMod.Modulus;
        Span<long> limbs = stackalloc long[5];
        MontgomeryArithmetic<TMod>.ToSigned62(p, limbs);
        (P0, P1, P2, P3, P4) = (limbs[0], limbs[1], limbs[2], limbs[3], limbs[4]);
        // TMod.Inv = −p⁻¹ mod 2^64.
        PInv62 = (0UL - TMod.Inv) & MontgomeryArithmetic<TMod>.Mask62;
    }
}

public static partial class MontgomeryArithmetic<TMod>
{
    internal const ulong Mask62 = (1UL << 62) - 1;

    /// <summary>
    /// The inverse of a Montgomery value: (aR)⁻¹ by <see cref="InverseCanonical"/>, corrected to a⁻¹R with one
    /// multiplication by R³. Throws <see cref="DivideByZeroException"/> for zero.
    /// </summary>
    public static U256 Inverse(in U256 aMont)
    {
        if (aMont.IsZero) throw new DivideByZeroException("Zero has no inverse in the field.");
        return Mul(InverseCanonical(aMont), TMod.RCubed);
    }

    /// <summary>
    /// x⁻¹ mod p for x in [1, p), by Bernstein–Yang "safegcd" divsteps in batches of 62, in the variable-time
    /// form (zero runs skipped, up to six bits eliminated per step; the prover's values are not secret from its
    /// own machine). f, g (starting at p, x) shrink by exact 2×2 transitions; d, e track f ≡ d·x, g ≡ e·x mod p,
    /// so when g reaches 0, f = ±1 and ±d is the inverse. Numbers are kept in signed 62-bit limbs.
    /// </summary>
    internal static U256 InverseCanonical(in U256 x)
    {
        Span<long> f = stackalloc long[5], g = stackalloc long[5], d = stackalloc long[5], e = stackalloc long[5];
        ToSigned62(TMod.Modulus, f);
        ToSigned62(x, g);
        d.Clear();
        e.Clear();
        e[0] = 1;
        long eta = -1; // η = −δ, δ starting at 1
        int len = 5;   // active limbs of f and g
        while (true)
        {
            ulong fLow = len > 1 ? (ulong)f[0] | ((ulong)f[1] << 62) : (ulong)f[0];
            ulong gLow = len > 1 ? (ulong)g[0] | ((ulong)g[1] << 62) : (ulong)g[0];
            eta = Divsteps62(eta, fLow, gLow, out long u, out long v, out long q, out long r);
            UpdateDe(d, e, u, v, q, r);
            UpdateFg(f, g, len, u, v, q, r);
            if (g[0] == 0)
            {
                long rest = 0;
                for (int i = 1; i < len; i++) rest |= g[i];
                if (rest == 0) break;
            }
            // Drop the top limb once it is only sign (0 or −1) in both f and g.
            if (len > 1)
            {
                long fn = f[len - 1], gn = g[len - 1];
                if (((fn ^ (fn >> 63)) | (gn ^ (gn >> 63))) == 0)
                {
                    f[len - 2] |= fn << 62;
                    g[len - 2] |= gn << 62;
                    len--;
                }
            }
        }
        // f = ±1 now; its sign is the sign of its top limb.
        return NormalizeSigned62(d, negate: f[len - 1] < 0);
    }

    /// <summary>
    /// 62 divsteps on the low 64 bits of f (odd) and g. Returns the new η and the transition matrix
    /// (u v; q r) with 2^62·(f', g') = (u·f + v·g, q·f + r·g).
    /// </summary>
    private static long Divsteps62(long eta, ulong f, ulong g, out long u, out long v, out long q, out long r)
    {
        long mu = 1, mv = 0, mq = 0, mr = 1;
        int remaining = 62;
        while (true)
        {
            // A run of zeros in g: each halves g and doubles f's coefficients (f is kept at scale 2^steps).
            int zeros = BitOperations.TrailingZeroCount(g | (1UL << remaining));
            g >>= zeros;
            mu <<= zeros;
            mv <<= zeros;
            eta -= zeros;
            remaining -= zeros;
            if (remaining == 0) break;
            // g is odd. If δ > 0 (η < 0) the divstep swaps: (f, g) ← (g, −f).
            if (eta < 0)
            {
                eta = -eta;
                (f, g) = (g, 0UL - f);
                (mu, mq) = (mq, -mu);
                (mv, mr) = (mr, -mv);
            }
            // The next steps add f to g while g is odd; with no swap possible for η + 1 steps they combine
            // into g += w·f, w = −g/f mod 2^limit (f⁻¹ mod 64 = f·(2 − f²) by one Newton step from f⁻¹ ≡ f mod 8).
            int limit = (int)Math.Min(Math.Min(eta + 1, remaining), 6);
            ulong w = (g * f * (f * f - 2)) & ((1UL << limit) - 1);
            g += f * w;
            mq += mu * (long)w;
            mr += mv * (long)w;
        }
        u = mu; v = mv; q = mq; r = mr;
        return eta;
    }

    /// <summary>(f, g) ← (u·f + v·g, q·f + r·g) / 2^62 over the first <paramref name="len"/> limbs (exact division).</summary>
    private static void UpdateFg(Span<long> f, Span<long> g, int len, long u, long v, long q, long r)
    {
        ulong cfLo = 0, cgLo = 0;
        long cfHi = 0, cgHi = 0;
        long fi = f[0], gi = g[0];
        MulAcc(ref cfLo, ref cfHi, u, fi); MulAcc(ref cfLo, ref cfHi, v, gi);
        MulAcc(ref cgLo, ref cgHi, q, fi); MulAcc(ref cgLo, ref cgHi, r, gi);
        // The low 62 bits are zero by construction of the matrix.
        Shift62(ref cfLo, ref cfHi);
        Shift62(ref cgLo, ref cgHi);
        for (int i = 1; i < len; i++)
        {
            fi = f[i]; gi = g[i];
            MulAcc(ref cfLo, ref cfHi, u, fi); MulAcc(ref cfLo, ref cfHi, v, gi);
            MulAcc(ref cgLo, ref cgHi, q, fi); MulAcc(ref cgLo, ref cgHi, r, gi);
            f[i - 1] = (long)(cfLo & Mask62);
            g[i - 1] = (long)(cgLo & Mask62);
            Shift62(ref cfLo, ref cfHi);
            Shift62(ref cgLo, ref cgHi);
        }
        f[len - 1] = (long)cfLo;
        g[len - 1] = (long)cgLo;
    }

    /// <summary>
    /// (d, e) ← (u·d + v·e, q·d + r·e) / 2^62 mod p, adding the multiple of p that makes the division exact
    /// (plus p when d or e is negative, which keeps both in (−2p, p)).
    /// </summary>
    private static void UpdateDe(Span<long> d, Span<long> e, long u, long v, long q, long r)
    {
        long sd = d[4] >> 63, se = e[4] >> 63;
        long md = (u & sd) + (v & se), me = (q & sd) + (r & se);
        ulong cdLo = 0, ceLo = 0;
        long cdHi = 0, ceHi = 0;
        long di = d[0], ei = e[0];
        MulAcc(ref cdLo, ref cdHi, u, di); MulAcc(ref cdLo, ref cdHi, v, ei);
        MulAcc(ref ceLo, ref ceHi, q, di); MulAcc(ref ceLo, ref ceHi, r, ei);
        ulong pinv = SafeGcdConstants<TMod>.PInv62;
        md -= (long)((pinv * cdLo + (ulong)md) & Mask62);
        me -= (long)((pinv * ceLo + (ulong)me) & Mask62);
        long p0 = SafeGcdConstants<TMod>.P0;
        MulAcc(ref cdLo, ref cdHi, p0, md);
        MulAcc(ref ceLo, ref ceHi, p0, me);
        Shift62(ref cdLo, ref cdHi);
        Shift62(ref ceLo, ref ceHi);
        for (int i = 1; i < 5; i++)
        {
            long pi = i switch
            {
                1 => SafeGcdConstants<TMod>.P1,
                2 => SafeGcdConstants<TMod>.P2,
                3 => SafeGcdConstants<TMod>.P3,
                _ => SafeGcdConstants<TMod>.P4,
            };
            di = d[i]; ei = e[i];
            MulAcc(ref cdLo, ref cdHi, u, di); MulAcc(ref cdLo, ref cdHi, v, ei); MulAcc(ref cdLo, ref cdHi, pi, md);
            MulAcc(ref ceLo, ref ceHi, q, di); MulAcc(ref ceLo, ref ceHi, r, ei); MulAcc(ref ceLo, ref ceHi, pi, me);
            d[i - 1] = (long)(cdLo & Mask62);
            e[i - 1] = (long)(ceLo & Mask62);
            Shift62(ref cdLo, ref cdHi);
            Shift62(ref ceLo, ref ceHi);
        }
        d[4] = (long)cdLo;
        e[4] = (long)ceLo;
    }

    /// <summary>Signed 128-bit (hi:lo) += a·b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulAcc(ref ulong lo, ref long hi, long a, long b)
    {
        long h = Math.BigMul(a, b, out long l);
        ulong ul = (ulong)l;
        lo += ul;
        hi += h + (lo < ul ? 1L : 0L);
    }

    /// <summary>Signed 128-bit (hi:lo) &gt;&gt;= 62 (arithmetic).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Shift62(ref ulong lo, ref long hi)
    {
        lo = (lo >> 62) | ((ulong)hi << 2);
        hi >>= 62;
    }

    internal static void ToSigned62(in U256 x, Span<long> limbs)
    {
        limbs[0] = (long)(x.U0 & Mask62);
        limbs[1] = (long)(((x.U0 >> 62) | (x.U1 << 2)) & Mask62);
        limbs[2] = (long)(((x.U1 >> 60) | (x.U2 << 4)) & Mask62);
        limbs[3] = (long)(((x.U2 >> 58) | (x.U3 << 6)) & Mask62);
        limbs[4] = (long)(x.U3 >> 56);
    }

    /// <summary>Maps d (limbs 0–3 in [0, 2^62), value in (−2p, p)), negated if asked, to its residue in [0, p).</summary>
    private static U256 NormalizeSigned62(Span<long> d, bool negate)
    {
        long sign = negate ? -1 : 1;
        long carry = 0;
        for (int i = 0; i < 4; i++)
        {
            long t = sign * d[i] + carry;
            d[i] = t & (long)Mask62;
            carry = t >> 62;
        }
        d[4] = sign * d[4] + carry;
        // Now in (−2p, 2p): add p while negative, then one conditional subtraction.
        while (d[4] < 0)
        {
            carry = 0;
            for (int i = 0; i < 4; i++)
            {
                long t = d[i] + LimbOfP(i) + carry;
                d[i] = t & (long)Mask62;
                carry = t >> 62;
            }
            d[4] += SafeGcdConstants<TMod>.P4 + carry;
        }
        var packed = new U256(
            (ulong)d[0] | ((ulong)d[1] << 62),
            ((ulong)d[1] >> 2) | ((ulong)d[2] << 60),
            ((ulong)d[2] >> 4) | ((ulong)d[3] << 58),
            ((ulong)d[3] >> 6) | ((ulong)d[4] << 56));
        return ReduceOnce(packed);
    }

    private static long LimbOfP(int i) => i switch
    {
        0 => SafeGcdConstants<TMod>.P0,
        1 => SafeGcdConstants<TMod>.P1,
        2 => SafeGcdConstants<TMod>.P2,
        _ => SafeGcdConstants<TMod>.P3,
    };
}

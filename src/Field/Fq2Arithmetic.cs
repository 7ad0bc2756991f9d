using System.Runtime.CompilerServices;
using static ZkmlGpu.Field.Bn254Constants;

namespace ZkmlGpu.Field;

/// <summary>
/// Limb-level Fq arithmetic for the extension tower: a 512-bit schoolbook product and a separate Montgomery
/// reduction, so Fq2 products can combine unreduced 512-bit values and reduce once per output coefficient
/// (lazy reduction: 2 reductions per Fq2 multiplication instead of 3). Values are Montgomery limbs below q.
/// Squaring and Fq-scalar products use <see cref="Fq"/>'s own multiplication, which is as fast there.
/// </summary>
internal static class Fq2Arithmetic
{
    /// <summary>
    /// (a0 + a1u)(b0 + b1u) = (a0b0 − a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)u. Kept out of line: inlined
    /// into tower formulas it would exhaust the JIT's inlining budget.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Fq2 Mul(in Fq2 a, in Fq2 b)
    {
        U256 a0 = a.C0.Mont, a1 = a.C1.Mont, b0 = b.C0.Mont, b1 = b.C1.Mont;
        MulWide(a0.U0, a0.U1, a0.U2, a0.U3, b0.U0, b0.U1, b0.U2, b0.U3,
            out ulong p0, out ulong p1, out ulong p2, out ulong p3, out ulong p4, out ulong p5, out ulong p6, out ulong p7);
        MulWide(a1.U0, a1.U1, a1.U2, a1.U3, b1.U0, b1.U1, b1.U2, b1.U3,
            out ulong q0, out ulong q1, out ulong q2, out ulong q3, out ulong q4, out ulong q5, out ulong q6, out ulong q7);
        // Unreduced sums: below 2q < 2^255, so their product is below 4q² < q·2^256 (REDC's input bound).
        ulong c = 0;
        ulong sa0 = U256.AddCarry(a0.U0, a1.U0, ref c), sa1 = U256.AddCarry(a0.U1, a1.U1, ref c), sa2 = U256.AddCarry(a0.U2, a1.U2, ref c), sa3 = U256.AddCarry(a0.U3, a1.U3, ref c);
        c = 0;
        ulong sb0 = U256.AddCarry(b0.U0, b1.U0, ref c), sb1 = U256.AddCarry(b0.U1, b1.U1, ref c), sb2 = U256.AddCarry(b0.U2, b1.U2, ref c), sb3 = U256.AddCarry(b0.U3, b1.U3, ref c);
        MulWide(sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3,
            out ulong s0, out ulong s1, out ulong s2, out ulong s3, out ulong s4, out ulong s5, out ulong s6, out ulong s7);
        // s − p − q = a0b1 + a1b0 ≥ 0, below 2q².
        ulong bw = 0;
        s0 = U256.SubBorrow(s0, p0, ref bw); s1 = U256.SubBorrow(s1, p1, ref bw); s2 = U256.SubBorrow(s2, p2, ref bw); s3 = U256.SubBorrow(s3, p3, ref bw);
        s4 = U256.SubBorrow(s4, p4, ref bw); s5 = U256.SubBorrow(s5, p5, ref bw); s6 = U256.SubBorrow(s6, p6, ref bw); s7 = U256.SubBorrow(s7, p7, ref bw);
        bw = 0;
        s0 = U256.SubBorrow(s0, q0, ref bw); s1 = U256.SubBorrow(s1, q1, ref bw); s2 = U256.SubBorrow(s2, q2, ref bw); s3 = U256.SubBorrow(s3, q3, ref bw);
        s4 = U256.SubBorrow(s4, q4, ref bw); s5 = U256.SubBorrow(s5, q5, ref bw); s6 = U256.SubBorrow(s6, q6, ref bw); s7 = U256.SubBorrow(s7, q7, ref bw);
        // p − q, plus q·2^256 when negative, stays in [0, q·2^256).
        bw = 0;
        p0 = U256.SubBorrow(p0, q0, ref bw); p1 = U256.SubBorrow(p1, q1, ref bw); p2 = U256.SubBorrow(p2, q2, ref bw); p3 = U256.SubBorrow(p3, q3, ref bw);
        p4 = U256.SubBorrow(p4, q4, ref bw); p5 = U256.SubBorrow(p5, q5, ref bw); p6 = U256.SubBorrow(p6, q6, ref bw); p7 = U256.SubBorrow(p7, q7, ref bw);
        ulong mask = 0UL - bw;
        c = 0;
        p4 = U256.AddCarry(p4, FqModulus0 & mask, ref c); p5 = U256.AddCarry(p5, FqModulus1 & mask, ref c);
        p6 = U256.AddCarry(p6, FqModulus2 & mask, ref c); p7 = U256.AddCarry(p7, FqModulus3 & mask, ref c);
        return new Fq2(Fq.FromMontgomery(Redc(p0, p1, p2, p3, p4, p5, p6, p7)), Fq.FromMontgomery(Redc(s0, s1, s2, s3, s4, s5, s6, s7)));
    }

    /// <summary>The 512-bit product a·b, row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulWide(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong t0, out ulong t1, out ulong t2, out ulong t3, out ulong t4, out ulong t5, out ulong t6, out ulong t7)
    {
        ulong c = 0;
        t0 = U256.MacCarry(a0, b0, 0, ref c); t1 = U256.MacCarry(a0, b1, 0, ref c); t2 = U256.MacCarry(a0, b2, 0, ref c); t3 = U256.MacCarry(a0, b3, 0, ref c); t4 = c;
        c = 0;
        t1 = U256.MacCarry(a1, b0, t1, ref c); t2 = U256.MacCarry(a1, b1, t2, ref c); t3 = U256.MacCarry(a1, b2, t3, ref c); t4 = U256.MacCarry(a1, b3, t4, ref c); t5 = c;
        c = 0;
        t2 = U256.MacCarry(a2, b0, t2, ref c); t3 = U256.MacCarry(a2, b1, t3, ref c); t4 = U256.MacCarry(a2, b2, t4, ref c); t5 = U256.MacCarry(a2, b3, t5, ref c); t6 = c;
        c = 0;
        t3 = U256.MacCarry(a3, b0, t3, ref c); t4 = U256.MacCarry(a3, b1, t4, ref c); t5 = U256.MacCarry(a3, b2, t5, ref c); t6 = U256.MacCarry(a3, b3, t6, ref c); t7 = c;
    }

    /// <summary>Montgomery reduction t·R⁻¹ mod q for t &lt; q·2^256; the result is fully reduced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static U256 Redc(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        ulong m = t0 * FqInv, c = 0;
        U256.MacCarry(m, FqModulus0, t0, ref c); t1 = U256.MacCarry(m, FqModulus1, t1, ref c); t2 = U256.MacCarry(m, FqModulus2, t2, ref c); t3 = U256.MacCarry(m, FqModulus3, t3, ref c);
        t4 += c; ulong k = t4 < c ? 1UL : 0UL;
        m = t1 * FqInv; c = 0;
        U256.MacCarry(m, FqModulus0, t1, ref c); t2 = U256.MacCarry(m, FqModulus1, t2, ref c); t3 = U256.MacCarry(m, FqModulus2, t3, ref c); t4 = U256.MacCarry(m, FqModulus3, t4, ref c);
        c += k; t5 += c; k = t5 < c ? 1UL : 0UL;
        m = t2 * FqInv; c = 0;
        U256.MacCarry(m, FqModulus0, t2, ref c); t3 = U256.MacCarry(m, FqModulus1, t3, ref c); t4 = U256.MacCarry(m, FqModulus2, t4, ref c); t5 = U256.MacCarry(m, FqModulus3, t5, ref c);
        c += k; t6 += c; k = t6 < c ? 1UL : 0UL;
        m = t3 * FqInv; c = 0;
        U256.MacCarry(m, FqModulus0, t3, ref c); t4 = U256.MacCarry(m, FqModulus1, t4, ref c); t5 = U256.MacCarry(m, FqModulus2, t5, ref c); t6 = U256.MacCarry(m, FqModulus3, t6, ref c);
        t7 += c + k; // (t + mq)/2^256 < 2q < 2^255: no carry out of t7
        ulong bw = 0;
        ulong r0 = U256.SubBorrow(t4, FqModulus0, ref bw), r1 = U256.SubBorrow(t5, FqModulus1, ref bw), r2 = U256.SubBorrow(t6, FqModulus2, ref bw), r3 = U256.SubBorrow(t7, FqModulus3, ref bw);
        ulong keep = 0UL - bw; // all ones when the value was already below q
        return new U256((t4 & keep) | (r0 & ~keep), (t5 & keep) | (r1 & ~keep), (t6 & keep) | (r2 & ~keep), (t7 & keep) | (r3 & ~keep));
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Field.Tests;

/// <summary>
/// Every vector kernel (AVX-512F, AVX2, scalar fallback) against the scalar 4×64-bit arithmetic, bit for bit, on
/// random and edge inputs. Widths the CPU lacks are skipped (the test passes without running them).
/// </summary>
public class FieldLanesTests
{
    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        foreach (int w in new[] { 8, 4, 1 }) foreach (string f in new[] { "Fr", "Fq" }) data.Add(w, f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KernelsMatchScalarArithmetic(int width, string field)
    {
        if (width > SimdWidth.Supported) return;
        switch (width, field)
        {
            case (8, "Fr"): Check<FrLanes512, FrModulus>(); break;
            case (4, "Fr"): Check<FrLanes256, FrModulus>(); break;
            case (1, "Fr"): Check<ScalarLanes<FrModulus>, FrModulus>(); break;
            case (8, "Fq"): Check<FqLanes512, FqModulus>(); break;
            case (4, "Fq"): Check<FqLanes256, FqModulus>(); break;
            default: Check<ScalarLanes<FqModulus>, FqModulus>(); break;
        }
    }

    /// <summary>Edge representations: 0, 1, 2, p − 1, p − 2, R, every 64-bit limb at its maximum below p, all-ones runs of 52-bit limbs (and of the 29-bit limbs of the earlier kernels).</summary>
    internal static List<U256> EdgeValues<TMod>() where TMod : struct, IMontgomeryModulus
    {
        BigInteger p = TMod.Modulus.ToBigInteger();
        var values = new List<BigInteger> { 0, 1, 2, p - 1, p - 2, TMod.R.ToBigInteger(), (p - 1) / 2 };
        BigInteger max64 = ulong.MaxValue;
        ulong top = TMod.Modulus.U3 - 1;
        values.Add(max64 | (max64 << 64) | (max64 << 128) | ((BigInteger)top << 192));
        values.Add(max64 | (max64 << 64) | (max64 << 128));
        values.Add(max64 << 64 | (max64 << 128));
        values.Add((BigInteger)top << 192);
        for (int k = 29; k < 254; k += 29) { values.Add((BigInteger.One << k) - 1); values.Add(p - (BigInteger.One << k)); }
        for (int k = 52; k < 254; k += 52) { values.Add((BigInteger.One << k) - 1); values.Add(p - (BigInteger.One << k)); values.Add(p - 1 - ((BigInteger.One << k) - 1)); }
        values.Add((BigInteger.One << 253) - 1);
        // Limb products that are odd multiples of 2^51 (2^47·odd times a shifted odd limb): the AVX2 kernels round
        // them to nearest and tie, leaving a remainder of exactly ±2^51.
        var rng = new Random(52);
        for (int i = 0; i < 4; i++)
        {
            BigInteger tie = 0, odd = 0;
            for (int j = 0; j < 4; j++)
            {
                tie += (BigInteger)((ulong)(2 * rng.Next(32) + 1) << 47) << (52 * j);
                odd += (BigInteger)(((ulong)rng.NextInt64(1L << 51) << 1) | 1) << (52 * j);
            }
            values.Add(tie + ((BigInteger)rng.Next(1 << 20) << 208));
            values.Add(odd + ((BigInteger)rng.NextInt64(1L << 44) << 208));
        }
        return values.Select(U256.FromBigInteger).ToList();
    }

    private static void Check<TL, TMod>() where TL : struct, IFieldLanes where TMod : struct, IMontgomeryModulus
    {
        var rng = new Random(15);
        var edges = EdgeValues<TMod>();
        var a = new List<U256>();
        var b = new List<U256>();
        foreach (var x in edges) foreach (var y in edges) { a.Add(x); b.Add(y); }
        BigInteger p = TMod.Modulus.ToBigInteger();
        for (int i = 0; i < 20000; i++) { a.Add(U256.FromBigInteger(TestUtil.RandomBelow(rng, p))); b.Add(U256.FromBigInteger(TestUtil.RandomBelow(rng, p))); }
        // Odd count: the padding lanes of the last group must not matter either.
        if (a.Count % 2 == 0) { a.Add(U256.Zero); b.Add(U256.One); }
        int n = a.Count, stride = LimbPlanes.StrideFor(n);
        U256[] av = [.. a], bv = [.. b];

        ulong[] Planes(U256[] v, bool shifted = false)
        {
            var planes = new ulong[LimbPlanes.Limbs * stride];
            LimbPlanes.Split(v, planes, stride, 0, shifted);
            return planes;
        }
        U256[] Values(ulong[] planes)
        {
            var v = new U256[n];
            LimbPlanes.Join(planes, stride, v);
            return v;
        }
        void ForGroups(Action<int> kernel)
        {
            for (int i = 0; i < stride; i += TL.Lanes) kernel(i);
        }
        void AssertEqual(Func<int, U256> expected, U256[] actual, string op)
        {
            for (int i = 0; i < n; i++)
                Assert.True(expected(i) == actual[i], $"{typeof(TL).Name}.{op} differs at {i}: a = {av[i]}, b = {bv[i]}");
        }

        Assert.Equal(av, Values(Planes(av)));
        ulong[] pa = Planes(av), pb = Planes(bv), pbs = Planes(bv, shifted: true);
        var d = new ulong[pa.Length];
        ForGroups(i => TL.Mul(ref pa[i], stride, ref pb[i], stride, ref d[i], stride));
        AssertEqual(i => MontgomeryArithmetic<TMod>.Mul(av[i], bv[i]), Values(d), "Mul");
        Array.Clear(d);
        ForGroups(i => TL.MulShifted(ref pa[i], stride, ref pbs[i], stride, ref d[i], stride));
        AssertEqual(i => MontgomeryArithmetic<TMod>.Mul(av[i], bv[i]), Values(d), "MulShifted");
        ForGroups(i => TL.Square(ref pa[i], stride, ref d[i], stride));
        AssertEqual(i => MontgomeryArithmetic<TMod>.Square(av[i]), Values(d), "Square");
        ForGroups(i => TL.Add(ref pa[i], stride, ref pb[i], stride, ref d[i], stride));
        AssertEqual(i => MontgomeryArithmetic<TMod>.Add(av[i], bv[i]), Values(d), "Add");
        ForGroups(i => TL.Sub(ref pa[i], stride, ref pb[i], stride, ref d[i], stride));
        AssertEqual(i => MontgomeryArithmetic<TMod>.Sub(av[i], bv[i]), Values(d), "Sub");
        // Two products in one call: (a·b, b·w) and (a², b²), the second pair with its own strides.
        U256[] wv2 = [.. av.Reverse()];
        ulong[] pw2 = Planes(wv2);
        var d2 = new ulong[pa.Length];
        var g2 = new ulong[pa.Length];
        ForGroups(i => TL.Mul2(ref pa[i], stride, ref pb[i], stride, ref pb[i], stride, ref pw2[i], stride, ref d2[i], stride, ref g2[i], stride));
        AssertEqual(i => MontgomeryArithmetic<TMod>.Mul(av[i], bv[i]), Values(d2), "Mul2 first");
        AssertEqual(i => MontgomeryArithmetic<TMod>.Mul(bv[i], wv2[i]), Values(g2), "Mul2 second");
        ForGroups(i => TL.Square2(ref pa[i], stride, ref pb[i], stride, ref d2[i], stride, ref g2[i], stride));
        AssertEqual(i => MontgomeryArithmetic<TMod>.Square(av[i]), Values(d2), "Square2 first");
        AssertEqual(i => MontgomeryArithmetic<TMod>.Square(bv[i]), Values(g2), "Square2 second");
        // In place, each result over its first operand.
        ForGroups(i => TL.Mul2(ref d2[i], stride, ref pb[i], stride, ref g2[i], stride, ref pa[i], stride, ref d2[i], stride, ref g2[i], stride));
        AssertEqual(i => MontgomeryArithmetic<TMod>.Mul(MontgomeryArithmetic<TMod>.Square(av[i]), bv[i]), Values(d2), "Mul2 in place first");
        AssertEqual(i => MontgomeryArithmetic<TMod>.Mul(MontgomeryArithmetic<TMod>.Square(bv[i]), av[i]), Values(g2), "Mul2 in place second");

        // In place, as the NTT uses them: d ← d·d.
        ForGroups(i => TL.Mul(ref d[i], stride, ref d[i], stride, ref d[i], stride));
        AssertEqual(i => { var s = MontgomeryArithmetic<TMod>.Sub(av[i], bv[i]); return MontgomeryArithmetic<TMod>.Mul(s, s); }, Values(d), "Mul in place");

        // Butterfly: x, y ← x + w·y, x − w·y, with w = a reversed.
        U256[] wv = [.. av.Reverse()];
        ulong[] px = Planes(av), py = Planes(bv), pw = Planes(wv, shifted: true);
        ForGroups(i => TL.Butterfly(ref px[i], stride, ref py[i], stride, ref pw[i], stride));
        U256 T(int i) => MontgomeryArithmetic<TMod>.Mul(bv[i], wv[i]);
        AssertEqual(i => MontgomeryArithmetic<TMod>.Add(av[i], T(i)), Values(px), "Butterfly x");
        AssertEqual(i => MontgomeryArithmetic<TMod>.Sub(av[i], T(i)), Values(py), "Butterfly y");

        // Butterfly4 on four quarters taken from rotations of the inputs.
        U256[] Rot(U256[] v, int k) => [.. v.Skip(k), .. v.Take(k)];
        U256[][] q = [av, bv, Rot(av, 3), Rot(bv, 5)];
        U256[][] w = [wv, Rot(wv, 7), Rot(av, 11)];
        ulong[][] pq = [.. q.Select(v => Planes(v))];
        ulong[][] pws = [.. w.Select(v => Planes(v, shifted: true))];
        ForGroups(i => TL.Butterfly4(ref pq[0][i], stride, ref pq[1][i], stride, ref pq[2][i], stride, ref pq[3][i], stride,
            ref pws[0][i], stride, ref pws[1][i], stride, ref pws[2][i], stride));
        var expected = new U256[4][];
        for (int k = 0; k < 4; k++) expected[k] = new U256[n];
        for (int i = 0; i < n; i++)
        {
            U256 Bf(U256 x, U256 y, U256 tw, out U256 lo) { var t = MontgomeryArithmetic<TMod>.Mul(y, tw); lo = MontgomeryArithmetic<TMod>.Sub(x, t); return MontgomeryArithmetic<TMod>.Add(x, t); }
            U256 b0 = Bf(q[0][i], q[1][i], w[0][i], out U256 b1), b2 = Bf(q[2][i], q[3][i], w[0][i], out U256 b3);
            expected[0][i] = Bf(b0, b2, w[1][i], out expected[2][i]);
            expected[1][i] = Bf(b1, b3, w[2][i], out expected[3][i]);
        }
        for (int k = 0; k < 4; k++) AssertEqual(i => expected[k][i], Values(pq[k]), $"Butterfly4 q{k}");
    }

    [Fact]
    public void SplitAndJoinRoundTripAndShiftedIsTwoToTheFour()
    {
        var values = EdgeValues<FrModulus>();
        int stride = LimbPlanes.StrideFor(values.Count);
        var planes = new ulong[LimbPlanes.Limbs * stride];
        var shifted = new ulong[LimbPlanes.Limbs * stride];
        LimbPlanes.Split(CollectionsMarshal.AsSpan(values), planes, stride);
        LimbPlanes.Split(CollectionsMarshal.AsSpan(values), shifted, stride, 0, shifted: true);
        for (int i = 0; i < values.Count; i++)
        {
            BigInteger plain = 0, sh = 0;
            for (int j = 0; j < LimbPlanes.Limbs; j++)
            {
                Assert.True(planes[j * stride + i] < (1UL << 52) && shifted[j * stride + i] < (1UL << 52));
                plain += (BigInteger)planes[j * stride + i] << (52 * j);
                sh += (BigInteger)shifted[j * stride + i] << (52 * j);
            }
            Assert.Equal(values[i].ToBigInteger(), plain);
            Assert.Equal(values[i].ToBigInteger() << 4, sh);
            Assert.Equal(values[i], LimbPlanes.JoinShifted(ref shifted[i], stride));
        }
    }

    [Fact]
    public void WidthOverrideFlowsAndRestores()
    {
        int before = SimdWidth.Current;
        using (SimdWidth.Override(1))
        {
            Assert.Equal(1, SimdWidth.Current);
            int seen = 0;
            Parallel.For(0, 4, _ => Interlocked.Exchange(ref seen, SimdWidth.Current));
            Assert.Equal(1, seen);
        }
        Assert.Equal(before, SimdWidth.Current);
        Assert.Contains(1, SimdWidth.Available);
    }
}

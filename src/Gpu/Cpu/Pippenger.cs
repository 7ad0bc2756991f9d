using System.Buffers;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// Multi-scalar multiplication on G1 by Pippenger's bucket method with signed-digit windows: each c-bit window
/// digit lies in (−2^(c−1), 2^(c−1)] (a digit above 2^(c−1) becomes digit − 2^c and carries one into the next
/// window), so a window needs only 2^(c−1) buckets and a negative digit adds the negated point.
/// Windows are processed in parallel; each window's buckets are reduced by running sums.
/// </summary>
internal static class Pippenger
{
    /// <summary>r &lt; 2^254, so canonical scalars have at most 254 bits.</summary>
    private const int ScalarBits = 254;

    /// <summary>With fewer buckets than this, batches would conflict too often: plain Jacobian buckets instead.</summary>
    internal const int MinBatchAffineBuckets = 256;

    /// <summary>Digits up to 2^14 in magnitude fit a short, which halves the digit table (wider windows did not pay).</summary>
    internal const int MaxWindowBits = 15;

    public static G1Jacobian Msm(G1Affine[] bases, Fr[] scalars)
    {
        if (bases.Length < scalars.Length)
            throw new ArgumentException($"MSM needs at least as many bases ({bases.Length}) as scalars ({scalars.Length}).");
        int n = scalars.Length;
        if (n <= DirectMaxPoints) return Direct(bases, scalars);
        U256[] canonical = ArrayPool<U256>.Shared.Rent(n);
        try
        {
            ToCanonical(scalars, canonical);
            return MsmCanonicalPrefix(bases, canonical, n, WindowBits(n), batchSize: 0);
        }
        finally { ArrayPool<U256>.Shared.Return(canonical); }
    }

    /// <summary>Up to this many points, separate GLV scalar multiplications beat 85 windows of width 3.</summary>
    internal const int DirectMaxPoints = 8;

    private static G1Jacobian Direct(G1Affine[] bases, Fr[] scalars)
    {
        var sum = G1Jacobian.Infinity;
        for (int i = 0; i < scalars.Length; i++)
            if (!scalars[i].IsZero && !bases[i].IsInfinity) sum += bases[i] * scalars[i];
        return sum;
    }

    /// <summary>The window width for n points, about log2(n)·0.7 + 2 (measured on the CPU backend).</summary>
    internal static int WindowBits(int n)
    {
        if (n < 32) return 3;
        int log = System.Numerics.BitOperations.Log2((uint)n);
        return Math.Clamp(log * 69 / 100 + 2, 3, MaxWindowBits);
    }

    /// <summary>Scalars out of Montgomery form (one multiplication each) into result, in parallel chunks.</summary>
    private static void ToCanonical(Fr[] scalars, U256[] result)
    {
        const int chunk = 1 << 13;
        Parallel.For(0, (scalars.Length + chunk - 1) / chunk, c =>
        {
            int end = Math.Min(scalars.Length, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++) result[i] = scalars[i].ToCanonical();
        });
    }

    /// <summary>Σ k_i·P_i for canonical scalars k_i &lt; 2^254, with c-bit signed windows (n = scalars.Length ≤ bases.Length).</summary>
    internal static G1Jacobian MsmCanonical(G1Affine[] bases, U256[] scalars, int c, int batchSize = 0) =>
        MsmCanonicalPrefix(bases, scalars, scalars.Length, c, batchSize);

    /// <summary>As above for scalars[0 .. n) (a pooled array may be longer).</summary>
    private static G1Jacobian MsmCanonicalPrefix(G1Affine[] bases, U256[] scalars, int n, int c, int batchSize)
    {
        if (c < 1 || c > MaxWindowBits) throw new ArgumentOutOfRangeException(nameof(c), $"Window width must be in [1, {MaxWindowBits}].");
        int[] widths = WindowWidths(c);
        int windows = widths.Length;
        // Pooled: fresh arrays of this size cost page faults and zeroing on every MSM; RecodeAll writes every digit.
        var digits = new short[windows][];
        for (int w = 0; w < windows; w++) digits[w] = ArrayPool<short>.Shared.Rent(n);
        try
        {
            return SumWindows(bases, scalars, n, widths, batchSize, digits);
        }
        finally
        {
            foreach (var d in digits) ArrayPool<short>.Shared.Return(d);
        }
    }

    private static G1Jacobian SumWindows(G1Affine[] bases, U256[] scalars, int n, int[] widths, int batchSize, short[][] digits)
    {
        RecodeAll(bases, scalars, n, widths, digits);
        int windows = widths.Length;
        var windowSums = new G1Jacobian[windows];
        // The lane path's windows share the bases in limb planes, split once.
        int width = SimdWidth.Current;
        using var basePlanes = width > 1 && BucketCount(widths, 0) >= MinBatchAffineBuckets ? AffinePointPlanes.Split(bases, n) : null;
        Parallel.For(0, windows, w =>
        {
            int buckets = BucketCount(widths, w);
            var windowDigits = digits[w].AsSpan(0, n);
            windowSums[w] = buckets >= MinBatchAffineBuckets
                ? BatchAffineBuckets.WindowSum(bases, basePlanes, windowDigits, buckets, batchSize > 0 ? batchSize : BatchAffineBuckets.BatchSizeFor(buckets), width)
                : WindowSum(bases, windowDigits, buckets);
        });

        // Horner from the top window: S = W_0 + 2^(c_0)·(W_1 + 2^(c_1)·(…)).
        var result = windowSums[windows - 1];
        for (int w = windows - 2; w >= 0; w--)
        {
            for (int i = 0; i < widths[w]; i++) result = result.Double();
            result += windowSums[w];
        }
        return result;
    }

    /// <summary>
    /// The bit widths of the windows for at most c bits each: ⌈255/c⌉ windows sharing the 254 bits as evenly as
    /// possible, the wider ones at the bottom. The top window has at most c − 1 bits, so its digit plus the carry from
    /// below (at most 2^(c−1)) needs no further window, and no window is left with a few bits and few buckets (a
    /// window with fewer than <see cref="MinBatchAffineBuckets"/> buckets takes the slower Jacobian path).
    /// </summary>
    internal static int[] WindowWidths(int c)
    {
        int windows = (ScalarBits + 1 + c - 1) / c;
        int narrow = ScalarBits / windows, wide = ScalarBits % windows;
        var widths = new int[windows];
        for (int w = 0; w < windows; w++) widths[w] = w < wide ? narrow + 1 : narrow;
        return widths;
    }

    /// <summary>
    /// Buckets needed by window w: signed digits are at most 2^(c_w − 1) in magnitude; the top window's digit is not
    /// made signed (nothing above takes a carry), so it is at most 2^(c_top) (its bits plus the incoming carry).
    /// </summary>
    internal static int BucketCount(int[] widths, int w) =>
        w == widths.Length - 1 ? 1 << widths[w] : 1 << (widths[w] - 1);

    /// <summary>Every window's digits; the identity's digits are all 0, so windows need not look at the points.</summary>
    private static void RecodeAll(G1Affine[] bases, U256[] scalars, int n, int[] widths, short[][] digits)
    {
        const int chunk = 1 << 12;
        int chunks = (n + chunk - 1) / chunk;
        Parallel.For(0, chunks, ch =>
        {
            int end = Math.Min(n, (ch + 1) * chunk);
            for (int i = ch * chunk; i < end; i++) Recode(bases[i].IsInfinity ? default : scalars[i], widths, digits, i);
        });
    }

    /// <summary>Writes the signed digits of k into digits[w][i]. The bits stream through a 128-bit buffer refilled a
    /// limb at a time (picking each window's bits out of the four limbs cost more than the rest of the recoding).</summary>
    private static void Recode(in U256 k, int[] widths, short[][] digits, int i)
    {
        UInt128 bits = new(k.U1, k.U0);
        int held = 128, next = 2, carry = 0, top = widths.Length - 1;
        for (int w = 0; w <= top; w++)
        {
            int c = widths[w];
            if (held < 64 && next < 4) { bits |= (UInt128)(next++ == 2 ? k.U2 : k.U3) << held; held += 64; }
            int d = (int)((ulong)bits & ((1UL << c) - 1)) + carry;
            bits >>= c;
            held -= c;
            carry = 0;
            if (w < top && d > 1 << (c - 1)) { d -= 1 << c; carry = 1; }
            digits[w][i] = (short)d;
        }
    }

    private static G1Jacobian WindowSum(G1Affine[] bases, ReadOnlySpan<short> digits, int bucketCount)
    {
        var buckets = new G1Jacobian[bucketCount];
        Array.Fill(buckets, G1Jacobian.Infinity);
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[i];
            if (d == 0) continue;
            var p = bases[i];
            if (p.IsInfinity) continue;
            if (d > 0) buckets[d - 1] += p;
            else buckets[-d - 1] += -p;
        }
        // Σ (b+1)·B_b as running sums from the top bucket down.
        var running = G1Jacobian.Infinity;
        var sum = G1Jacobian.Infinity;
        for (int b = bucketCount - 1; b >= 0; b--)
        {
            running += buckets[b];
            sum += running;
        }
        return sum;
    }
}

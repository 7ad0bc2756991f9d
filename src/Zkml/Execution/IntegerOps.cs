using System.Numerics.Tensors;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// The integer-only rules (fast matrix and convolution kernels, Softmax, lookup functions); loops both executors
/// share are in <see cref="TensorKernels"/>. Values are fixed point (v = x · 2^s). Rounding is always half
/// away from zero (<see cref="FixedPoint"/>); arithmetic is checked, so an overflow is an error, never a wrap.
/// Lookup ops compute out = round(f(in / 2^s_in) · 2^s_out) with s_out = s_in, over the table domain
/// [LookupMin, LookupMax] of the settings.
/// </summary>
internal static class IntegerOps
{
    private const int ParallelThreshold = 1 << 15;

    /// <summary>Largest |v| (values are bounded far below 2^63, so Abs cannot overflow).</summary>
    public static long MaxAbs(ReadOnlySpan<long> v) => v.IsEmpty ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(v));

    /// <summary>
    /// Whether every sum of k products of such operands provably fits in 63 bits; then the vectorised unchecked dot
    /// product gives the same result as checked arithmetic.
    /// </summary>
    public static bool DotCannotOverflow(long maxA, long maxB, long k) =>
        maxA == 0 || maxB == 0 || (Math.Log2(maxA) + Math.Log2(maxB) + Math.Log2(Math.Max(k, 1)) < 62);

    /// <summary>Gemm / MatMul core: y[m,n] = Σ_k a[m,k]·b[k,n] (+ c[m,n]); a is M×K row-major, bT is N×K (B transposed).</summary>
    public static void MatMul(ReadOnlySpan<long> a, long[] bT, int m, int k, int n, Span<long> y)
    {
        long[] aa = a.ToArray();
        long[] yy = new long[m * n];
        bool fast = DotCannotOverflow(MaxAbs(aa), MaxAbs(bT), k);
        void Row(int i)
        {
            var ar = aa.AsSpan(i * k, k);
            for (int j = 0; j < n; j++)
                yy[i * n + j] = fast ? TensorPrimitives.Dot<long>(ar, bT.AsSpan(j * k, k)) : CheckedDot(ar, bT.AsSpan(j * k, k));
        }
        if ((long)m * n * k >= ParallelThreshold && m > 1) Parallel.For(0, m, Row);
        else for (int i = 0; i < m; i++) Row(i);
        yy.CopyTo(y);
    }

    public static long CheckedDot(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        long acc = 0;
        for (int t = 0; t < a.Length; t++) acc = checked(acc + a[t] * b[t]);
        return acc;
    }

    /// <summary>
    /// 2-D convolution as im2col + dot products: each output pixel's receptive field (zeros where padded) is laid out
    /// in the weight's order, so every output is one dot product with a weight row.
    /// </summary>
    public static void ConvIm2Col(long[] x, int[] xs, long[] w, int[] ws, long[]? bias, ConvAttributes a, long[] y, int[] ys)
    {
        int nb = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = ys[1], oh = ys[2], ow = ys[3], kh = ws[2], kw = ws[3];
        int g = a.Group, cg = c / g, og = o / g;
        int sh = a.Strides[0], sw = a.Strides[1], dh = a.Dilations[0], dw = a.Dilations[1], ph = a.Pads[0], pw = a.Pads[1];
        int patch = cg * kh * kw, pixels = oh * ow;
        bool fast = DotCannotOverflow(MaxAbs(x), MaxAbs(w), patch);
        var cols = new long[pixels * patch];
        for (int b = 0; b < nb; b++)
            for (int grp = 0; grp < g; grp++)
            {
                int bb = b, gg = grp;
                void Fill(int p)
                {
                    int oy = p / ow, ox = p % ow;
                    var col = cols.AsSpan(p * patch, patch);
                    int t = 0;
                    for (int ic = 0; ic < cg; ic++)
                    {
                        int xc = (bb * c + gg * cg + ic) * h;
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = oy * sh - ph + ky * dh;
                            for (int kx = 0; kx < kw; kx++, t++)
                            {
                                int ix = ox * sw - pw + kx * dw;
                                col[t] = (uint)iy < (uint)h && (uint)ix < (uint)wd ? x[(xc + iy) * wd + ix] : 0;
                            }
                        }
                    }
                }
                void Channel(int j)
                {
                    int oc = gg * og + j;
                    var wr = w.AsSpan(oc * patch, patch);
                    long b0 = bias is null ? 0 : bias[oc];
                    int yo = (bb * o + oc) * pixels;
                    for (int p = 0; p < pixels; p++)
                    {
                        var col = cols.AsSpan(p * patch, patch);
                        long dot = fast ? TensorPrimitives.Dot<long>(col, wr) : CheckedDot(col, wr);
                        y[yo + p] = checked(dot + b0);
                    }
                }
                bool parallel = (long)pixels * patch * og >= ParallelThreshold;
                if (parallel) { Parallel.For(0, pixels, Fill); Parallel.For(0, og, Channel); }
                else { for (int p = 0; p < pixels; p++) Fill(p); for (int j = 0; j < og; j++) Channel(j); }
            }
    }

    /// <summary>
    /// A lookup op's entry before the range check: round(f(x / 2^si) · 2^so). The executor and the circuit's tables
    /// (<c>Circuits.LookupChip</c>) both compute every value through here, so they agree bit for bit.
    /// </summary>
    public static double LookupReal(Func<double, double> f, long x, int si, int so) => FixedPoint.Quantize(f(FixedPoint.Dequantize(x, si)), so);

    /// <summary>Whether a tabulated value is a value: finite and |r| &lt; limit (NaN fails).</summary>
    public static bool Representable(double r, long limit) => Math.Abs(r) < limit;

    /// <summary>Softmax's exp entry at a (clamped) difference d = max(x − max, LookupMin): round(exp(d / 2^s) · 2^s).</summary>
    public static long SoftmaxExp(long d, int scale) => (long)LookupReal(Math.Exp, d, scale, scale);

    /// <summary>The element indices of each line along <paramref name="axis"/> (row-major), in order: what Softmax normalises over.</summary>
    public static IEnumerable<int[]> AxisLines(int[] xs, int axis)
    {
        int outer = 1, inner = 1, n = xs[axis];
        for (int i = 0; i < axis; i++) outer *= xs[i];
        for (int i = axis + 1; i < xs.Length; i++) inner *= xs[i];
        for (int a = 0; a < outer; a++)
            for (int b = 0; b < inner; b++)
            {
                var line = new int[n];
                for (int i = 0; i < n; i++) line[i] = a * n * inner + b + i * inner;
                yield return line;
            }
    }

    /// <summary>Softmax over one axis: m = max, e = round(exp(max(x − m, LookupMin)/2^s)·2^s), y = round(e · 2^s / Σe).</summary>
    public static void Softmax(long[] x, int[] xs, int axis, int scale, long lookupMin, long[] y)
    {
        long one = 1L << scale;
        var e = new long[xs[axis]];
        foreach (var line in AxisLines(xs, axis))
        {
            long m = long.MinValue;
            foreach (int j in line) m = Math.Max(m, x[j]);
            long sum = 0;
            for (int i = 0; i < line.Length; i++)
            {
                // The table's lower end stands for anything below it: exp rounds to 0 there at any usable scale.
                e[i] = SoftmaxExp(Math.Max(checked(x[line[i]] - m), lookupMin), scale);
                sum = checked(sum + e[i]);
            }
            for (int i = 0; i < line.Length; i++) y[line[i]] = FixedPoint.RoundDiv(checked(e[i] * one), sum);
        }
    }
}

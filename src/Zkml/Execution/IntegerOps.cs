using System.Numerics.Tensors;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// The integer semantics of every op, written once. Values are fixed point (v = x · 2^s). Rounding is always half
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

    /// <summary>Direct 2-D convolution, the definition ConvIm2Col is tested against (1-D callers pass H = 1): x N×C×H×W, w O×(C/g)×kH×kW, optional bias at the product's scale.</summary>
    public static void ConvDirect(long[] x, int[] xs, long[] w, int[] ws, long[]? bias, ConvAttributes a, long[] y, int[] ys)
    {
        int nb = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = ys[1], oh = ys[2], ow = ys[3], kh = ws[2], kw = ws[3];
        int g = a.Group, cg = c / g, og = o / g;
        int sh = a.Strides[0], sw = a.Strides[1], dh = a.Dilations[0], dw = a.Dilations[1], ph = a.Pads[0], pw = a.Pads[1];
        void Channel(int job)
        {
            int b = job / o, oc = job % o, grp = oc / og;
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    long acc = bias is null ? 0 : bias[oc];
                    for (int ic = 0; ic < cg; ic++)
                    {
                        int xc = ((b * c) + grp * cg + ic) * h;
                        int wc = (oc * cg + ic) * kh;
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = oy * sh - ph + ky * dh;
                            if ((uint)iy >= (uint)h) continue;
                            int xrow = (xc + iy) * wd, wrow = (wc + ky) * kw;
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int ix = ox * sw - pw + kx * dw;
                                if ((uint)ix >= (uint)wd) continue;
                                acc = checked(acc + x[xrow + ix] * w[wrow + kx]);
                            }
                        }
                    }
                    y[((b * o + oc) * oh + oy) * ow + ox] = acc;
                }
        }
        long work = (long)y.Length * cg * kh * kw;
        if (work >= ParallelThreshold) Parallel.For(0, nb * o, Channel);
        else for (int j = 0; j < nb * o; j++) Channel(j);
    }

    /// <summary>2-D transposed convolution: w C×(O/g)×kH×kW; each input pixel scatters into the output.</summary>
    public static void ConvTranspose(long[] x, int[] xs, long[] w, int[] ws, long[]? bias, ConvAttributes a, long[] y, int[] ys)
    {
        int nb = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = ys[1], oh = ys[2], ow = ys[3], kh = ws[2], kw = ws[3];
        int g = a.Group, cg = c / g, og = o / g;
        int sh = a.Strides[0], sw = a.Strides[1], dh = a.Dilations[0], dw = a.Dilations[1], ph = a.Pads[0], pw = a.Pads[1];
        for (int b = 0; b < nb; b++)
            for (int oc = 0; oc < o; oc++)
                y.AsSpan(((b * o) + oc) * oh * ow, oh * ow).Fill(bias is null ? 0 : bias[oc]);
        for (int b = 0; b < nb; b++)
            for (int ic = 0; ic < c; ic++)
            {
                int grp = ic / cg;
                for (int iy = 0; iy < h; iy++)
                    for (int ix = 0; ix < wd; ix++)
                    {
                        long v = x[((b * c + ic) * h + iy) * wd + ix];
                        if (v == 0) continue;
                        for (int j = 0; j < og; j++)
                        {
                            int oc = grp * og + j;
                            for (int ky = 0; ky < kh; ky++)
                            {
                                int oy = iy * sh - ph + ky * dh;
                                if ((uint)oy >= (uint)oh) continue;
                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int ox = ix * sw - pw + kx * dw;
                                    if ((uint)ox >= (uint)ow) continue;
                                    int yi = ((b * o + oc) * oh + oy) * ow + ox;
                                    y[yi] = checked(y[yi] + v * w[((ic * og + j) * kh + ky) * kw + kx]);
                                }
                            }
                        }
                    }
            }
    }

    /// <summary>Average (sum / count, rounded) or max pooling over 2-D windows; padding never wins a max.</summary>
    public static void Pool(long[] x, int[] xs, PoolAttributes a, bool max, long[] y, int[] ys)
    {
        int nc = xs[0] * xs[1], h = xs[2], wd = xs[3], oh = ys[2], ow = ys[3];
        int kh = a.KernelShape[0], kw = a.KernelShape[1], sh = a.Strides[0], sw = a.Strides[1];
        int dh = a.Dilations[0], dw = a.Dilations[1], ph = a.Pads[0], pw = a.Pads[1];
        for (int p = 0; p < nc; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    long acc = max ? long.MinValue : 0;
                    int count = 0;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = oy * sh - ph + ky * dh;
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int ix = ox * sw - pw + kx * dw;
                            bool inside = (uint)iy < (uint)h && (uint)ix < (uint)wd;
                            if (a.CountIncludePad && !max) count++; // with ceil_mode 0 every window lies in the padded input
                            if (!inside) continue;
                            long v = x[(p * h + iy) * wd + ix];
                            if (max) acc = Math.Max(acc, v);
                            else { acc = checked(acc + v); if (!a.CountIncludePad) count++; }
                        }
                    }
                    y[(p * oh + oy) * ow + ox] = max ? acc : FixedPoint.RoundDiv(acc, Math.Max(count, 1));
                }
    }

    /// <summary>Softmax over one axis: m = max, e = round(exp(max(x − m, LookupMin)/2^s)·2^s), y = round(e · 2^s / Σe).</summary>
    public static void Softmax(long[] x, int[] xs, int axis, int scale, long lookupMin, long[] y)
    {
        int outer = 1, inner = 1, n = xs[axis];
        for (int i = 0; i < axis; i++) outer *= xs[i];
        for (int i = axis + 1; i < xs.Length; i++) inner *= xs[i];
        long one = 1L << scale;
        var e = new long[n];
        for (int a = 0; a < outer; a++)
            for (int b = 0; b < inner; b++)
            {
                int baseIdx = a * n * inner + b;
                long m = long.MinValue;
                for (int i = 0; i < n; i++) m = Math.Max(m, x[baseIdx + i * inner]);
                long sum = 0;
                for (int i = 0; i < n; i++)
                {
                    // The table's lower end stands for anything below it: exp rounds to 0 there at any usable scale.
                    long d = Math.Max(checked(x[baseIdx + i * inner] - m), lookupMin);
                    e[i] = (long)FixedPoint.Quantize(Math.Exp(FixedPoint.Dequantize(d, scale)), scale);
                    sum = checked(sum + e[i]);
                }
                for (int i = 0; i < n; i++) y[baseIdx + i * inner] = FixedPoint.RoundDiv(checked(e[i] * one), sum);
            }
    }

    /// <summary>ReduceSum / ReduceMean (sum / count, rounded) / ReduceMax over sorted axes.</summary>
    public static void Reduce(long[] x, int[] xs, int[] axes, bool mean, long[] y, bool max = false)
    {
        var reduced = new bool[xs.Length];
        foreach (int a in axes) reduced[a] = true;
        // Output strides in the keep-dims layout: reduced axes contribute nothing.
        var outStride = new int[xs.Length];
        int acc = 1;
        for (int i = xs.Length - 1; i >= 0; i--) { outStride[i] = reduced[i] ? 0 : acc; if (!reduced[i]) acc *= xs[i]; }
        long count = 1;
        foreach (int a in axes) count *= xs[a];
        if (max) Array.Fill(y, long.MinValue); else Array.Clear(y);
        var idx = new int[xs.Length];
        int o = 0;
        for (int i = 0; i < x.Length; i++)
        {
            y[o] = max ? Math.Max(y[o], x[i]) : checked(y[o] + x[i]);
            for (int ax = xs.Length - 1; ax >= 0; ax--)
            {
                idx[ax]++; o += outStride[ax];
                if (idx[ax] < xs[ax]) break;
                o -= outStride[ax] * idx[ax]; idx[ax] = 0;
            }
        }
        if (mean && count > 0) for (int i = 0; i < y.Length; i++) y[i] = FixedPoint.RoundDiv(y[i], count);
    }

    public static void ArgMax(long[] x, int[] xs, ArgMaxAttributes a, long[] y)
    {
        int outer = 1, inner = 1, n = xs[a.Axis];
        for (int i = 0; i < a.Axis; i++) outer *= xs[i];
        for (int i = a.Axis + 1; i < xs.Length; i++) inner *= xs[i];
        for (int o = 0; o < outer; o++)
            for (int b = 0; b < inner; b++)
            {
                int best = 0;
                long bv = x[o * n * inner + b];
                for (int i = 1; i < n; i++)
                {
                    long v = x[(o * n + i) * inner + b];
                    if (v > bv || (a.SelectLastIndex && v == bv)) { bv = v; best = i; }
                }
                y[o * inner + b] = best;
            }
    }

    public static void Trilu(long[] x, int[] xs, TriluAttributes a, long[] y)
    {
        int rows = xs[^2], cols = xs[^1];
        for (int i = 0; i < x.Length; i++)
        {
            int c = i % cols, r = i / cols % rows;
            bool keep = a.Upper ? c - r >= a.K : c - r <= a.K;
            y[i] = keep ? x[i] : 0;
        }
    }

    /// <summary>The real function a lookup op tabulates (input and output are reals).</summary>
    public static Func<double, double> LookupFunction(Node n) => n.Op switch
    {
        OpKind.Sigmoid => v => 1 / (1 + Math.Exp(-v)),
        OpKind.Tanh => Math.Tanh,
        OpKind.Erf => Erf,
        OpKind.Softplus => v => v > 30 ? v : Math.Log(1 + Math.Exp(v)),
        OpKind.Exp => Math.Exp,
        OpKind.Sqrt => Math.Sqrt,
        OpKind.Reciprocal => v => 1 / v,
        OpKind.Log => Math.Log,
        OpKind.LeakyRelu => v => v >= 0 ? v : ((ScalarAttributes)n.Attributes).Value * v,
        OpKind.HardSigmoid => v => Math.Max(0, Math.Min(1, ((HardSigmoidAttributes)n.Attributes).Alpha * v + ((HardSigmoidAttributes)n.Attributes).Beta)),
        OpKind.Pow => v => Math.Pow(v, ((ScalarAttributes)n.Attributes).Value),
        _ => throw new InvalidOperationException($"{n.Op} is not a lookup op"),
    };

    /// <summary>erf by Abramowitz and Stegun 7.1.26 (|error| &lt; 1.5e-7, far below one step at the usual scales).</summary>
    public static double Erf(double x)
    {
        double t = 1 / (1 + 0.3275911 * Math.Abs(x));
        double p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double r = 1 - p * Math.Exp(-x * x);
        return x >= 0 ? r : -r;
    }
}

using System.Numerics;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// Loops the integer and the float executor share, generic over the element type. Arithmetic is written in checked
/// context, so for <c>long</c> an overflow throws (the integer semantics) and for <c>double</c> it is plain IEEE
/// arithmetic. Where the two semantics differ (averaging, rounding) the caller passes the rule.
/// </summary>
internal static class TensorKernels
{
    private const int ParallelThreshold = 1 << 15;

    /// <summary>
    /// Conv or ConvTranspose by node, 1-D lifted to 2-D; <paramref name="conv"/> is the forward kernel (x, x dims,
    /// w, w dims, bias, attributes, y, y dims), so the integer executor can use its fast one.
    /// </summary>
    public static void Convolution<T>(Node node, T[] x, TensorShape xs, T[] w, TensorShape ws, T[]? bias, T[] y, TensorShape ys,
        Action<T[], int[], T[], int[], T[]?, ConvAttributes, T[], int[]> conv) where T : INumber<T>
    {
        if (node.Op == OpKind.ConvTranspose)
        {
            ConvTranspose(KernelIndices.ConvolutionTaps(node, xs, ws, ys), x, w, bias, y, ys[1], ys.Size / (ys[0] * ys[1]));
            return;
        }
        var a = (ConvAttributes)node.Attributes;
        int[] x4 = xs.ToArray(), w4 = ws.ToArray(), y4 = ys.ToArray();
        ConvAs2D(ref x4, ref w4, ref y4, ref a);
        conv(x, x4, w, w4, bias, a, y, y4);
    }

    /// <summary>
    /// The one-input reductions by node: ReduceSum / ReduceMean / ReduceMax, ArgMax, AveragePool / MaxPool (1-D
    /// lifted to 2-D) and Trilu. <paramref name="average"/> is the executor's rule for sum / count, <paramref name="lowest"/>
    /// the value below every other one.
    /// </summary>
    public static void Reduction<T>(Node node, T[] x, TensorShape xs, Func<T, long, T> average, T lowest, T[] y, TensorShape ys) where T : struct, INumber<T>
    {
        switch (node.Op)
        {
            case OpKind.ReduceMean: case OpKind.ReduceSum: case OpKind.ReduceMax:
                Reduce(x, ReduceGroups(xs, ((ReduceAttributes)node.Attributes).Axes), node.Op == OpKind.ReduceMean ? average : null,
                    node.Op == OpKind.ReduceMax ? lowest : null, y);
                return;
            case OpKind.ArgMax:
                ArgMax(x, ArgMaxLines(xs, ((ArgMaxAttributes)node.Attributes).Axis), ((ArgMaxAttributes)node.Attributes).SelectLastIndex, y);
                return;
            case OpKind.Trilu:
                Trilu(x, xs.ToArray(), (TriluAttributes)node.Attributes, y);
                return;
            case OpKind.AveragePool: case OpKind.MaxPool:
                Pool(x, PoolWindows(node, xs, ys), (PoolAttributes)node.Attributes, node.Op == OpKind.MaxPool ? null : average, lowest, y);
                return;
            default: throw new InvalidOperationException($"{node.Op} is not a reduction");
        }
    }

    /// <summary>A 1-D convolution as a 2-D one with unit height (shapes and attributes); 2-D inputs pass through.</summary>
    internal static void ConvAs2D(ref int[] xs, ref int[] ws, ref int[] os, ref ConvAttributes a)
    {
        if (xs.Length != 3) return;
        xs = new[] { xs[0], xs[1], 1, xs[2] }; ws = new[] { ws[0], ws[1], 1, ws[2] }; os = new[] { os[0], os[1], 1, os[2] };
        a = a with { KernelShape = new[] { 1, a.KernelShape[0] }, Strides = new[] { 1, a.Strides[0] }, Dilations = new[] { 1, a.Dilations[0] },
            Pads = new[] { 0, a.Pads[0], 0, a.Pads[1] }, OutputPadding = new[] { 0, a.OutputPadding[0] } };
    }

    /// <summary>A 1-D pool as a 2-D one with unit height; 2-D inputs pass through.</summary>
    private static void PoolAs2D(ref int[] xs, ref int[] os, ref PoolAttributes a)
    {
        if (xs.Length != 3) return;
        xs = new[] { xs[0], xs[1], 1, xs[2] }; os = new[] { os[0], os[1], 1, os[2] };
        a = a with { KernelShape = new[] { 1, a.KernelShape[0] }, Strides = new[] { 1, a.Strides[0] }, Dilations = new[] { 1, a.Dilations[0] }, Pads = new[] { 0, a.Pads[0], 0, a.Pads[1] } };
    }

    /// <summary>Element-wise f with ONNX broadcasting.</summary>
    public static void Broadcast<T>(T[] a, TensorShape sa, T[] b, TensorShape sb, T[] y, TensorShape ys, Func<T, T, T> f)
    {
        var ia = sa.Equals(ys) ? null : Broadcasting.SourceIndex(sa, ys);
        var ib = sb.Equals(ys) ? null : Broadcasting.SourceIndex(sb, ys);
        for (int i = 0; i < y.Length; i++) y[i] = f(a[ia is null ? i : ia[i]], b[ib is null ? i : ib[i]]);
    }

    /// <summary>ONNX Where: c ≠ 0 ? a : b, all three broadcast to the output.</summary>
    public static void Where<T>(T[] c, TensorShape sc, T[] a, TensorShape sa, T[] b, TensorShape sb, T[] y, TensorShape ys) where T : INumber<T>
    {
        var ic = Broadcasting.SourceIndex(sc, ys); var ia = Broadcasting.SourceIndex(sa, ys); var ib = Broadcasting.SourceIndex(sb, ys);
        for (int i = 0; i < y.Length; i++) y[i] = c[ic[i]] != T.Zero ? a[ia[i]] : b[ib[i]];
    }

    public static T[] Transposed2D<T>(T[] x, TensorShape s)
    {
        var y = new T[x.Length];
        Reindexing.Transpose<T>(x, s, new[] { 1, 0 }, y);
        return y;
    }

    /// <summary>
    /// ONNX MatMul (rank-1 operands promoted, batch dimensions broadcast); <paramref name="core"/> multiplies one
    /// M×K block by a B block given transposed (N×K) into an M×N block.
    /// </summary>
    public static void BatchedMatMul<T>(T[] a, TensorShape sa, T[] b, TensorShape sb, T[] y, Action<T[], T[], int, int, int, T[]> core)
    {
        var (m, k, n, mapA, mapB) = KernelIndices.MatMulBatches(sa, sb);
        var bT = new T[k * n];
        var tmp = new T[m * n];
        for (int p = 0; p < mapA.Length; p++)
        {
            Reindexing.Transpose<T>(b.AsSpan(mapB[p] * k * n, k * n), new TensorShape(k, n), new[] { 1, 0 }, bT);
            core(a.AsSpan(mapA[p] * m * k, m * k).ToArray(), bT, m, k, n, tmp);
            tmp.CopyTo(y, p * m * n);
        }
    }

    /// <summary>Direct 2-D convolution (1-D callers pass H = 1): x N×C×H×W, w O×(C/g)×kH×kW, optional bias per output channel.</summary>
    public static void ConvDirect<T>(T[] x, int[] xs, T[] w, int[] ws, T[]? bias, ConvAttributes a, T[] y, int[] ys) where T : INumber<T>
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
                    T acc = bias is null ? T.Zero : bias[oc];
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

    /// <summary>Transposed convolution as a gather over <see cref="KernelIndices.ConvolutionTaps"/>: each output is its bias plus its taps' products.</summary>
    private static void ConvTranspose<T>((int[] Start, int[] X, int[] W) taps, T[] x, T[] w, T[]? bias, T[] y, int channels, int pixels) where T : INumber<T>
    {
        var (start, xi, wi) = taps;
        for (int o = 0; o < y.Length; o++)
        {
            T acc = bias is null ? T.Zero : bias[o / pixels % channels];
            for (int j = start[o]; j < start[o + 1]; j++) acc = checked(acc + x[xi[j]] * w[wi[j]]);
            y[o] = acc;
        }
    }

    /// <summary>
    /// The input elements (row-major indices) each output of a 1-D or 2-D pool reads, in window order, padded
    /// positions left out: max pooling takes their maximum, average pooling their sum.
    /// </summary>
    public static int[][] PoolWindows(Node node, TensorShape xs, TensorShape ys)
    {
        var a = (PoolAttributes)node.Attributes;
        int[] x4 = xs.ToArray(), y4 = ys.ToArray();
        PoolAs2D(ref x4, ref y4, ref a);
        if (x4.Length != 4) throw new ModelExecutionException($"node '{node.Name}' ({node.Op}): only 1-D and 2-D pooling is supported");
        int nc = x4[0] * x4[1], h = x4[2], wd = x4[3], oh = y4[2], ow = y4[3];
        int kh = a.KernelShape[0], kw = a.KernelShape[1], sh = a.Strides[0], sw = a.Strides[1];
        int dh = a.Dilations[0], dw = a.Dilations[1], ph = a.Pads[0], pw = a.Pads[1];
        var windows = new int[nc * oh * ow][];
        var w = new List<int>(kh * kw);
        for (int p = 0; p < nc; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    w.Clear();
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = oy * sh - ph + ky * dh;
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int ix = ox * sw - pw + kx * dw;
                            if ((uint)iy < (uint)h && (uint)ix < (uint)wd) w.Add((p * h + iy) * wd + ix);
                        }
                    }
                    windows[(p * oh + oy) * ow + ox] = w.ToArray();
                }
        return windows;
    }

    /// <summary>
    /// Max pooling (<paramref name="average"/> null; padding never wins) or average pooling, average(window sum,
    /// count) with count_include_pad deciding the count (with ceil_mode 0 every window lies in the padded input).
    /// </summary>
    private static void Pool<T>(T[] x, int[][] windows, PoolAttributes a, Func<T, long, T>? average, T lowest, T[] y) where T : INumber<T>
    {
        bool max = average is null;
        for (int o = 0; o < windows.Length; o++)
        {
            T acc = max ? lowest : T.Zero;
            foreach (int i in windows[o]) acc = max ? T.Max(acc, x[i]) : checked(acc + x[i]);
            y[o] = max ? acc : average!(acc, AverageCount(a, windows[o].Length));
        }
    }

    /// <summary>What an average pool divides a window's sum by: the kernel size with count_include_pad, else the unpadded elements.</summary>
    public static long AverageCount(PoolAttributes a, int unpadded) =>
        Math.Max(a.CountIncludePad ? a.KernelShape.Aggregate(1, (p, k) => p * k) : unpadded, 1);

    /// <summary>The input elements (ascending row-major indices) each output of a reduction over <paramref name="axes"/> combines.</summary>
    public static int[][] ReduceGroups(TensorShape shape, int[] axes)
    {
        int[] xs = shape.ToArray();
        var reduced = new bool[xs.Length];
        foreach (int a in axes) reduced[a] = true;
        // Output strides in the keep-dims layout: reduced axes contribute nothing.
        var outStride = new int[xs.Length];
        int outputs = 1;
        for (int i = xs.Length - 1; i >= 0; i--) { outStride[i] = reduced[i] ? 0 : outputs; if (!reduced[i]) outputs *= xs[i]; }
        var groups = Enumerable.Range(0, outputs).Select(_ => new List<int>()).ToArray();
        var idx = new int[xs.Length];
        int o = 0;
        for (int i = 0; i < shape.Size; i++)
        {
            groups[o].Add(i);
            for (int ax = xs.Length - 1; ax >= 0; ax--)
            {
                idx[ax]++; o += outStride[ax];
                if (idx[ax] < xs[ax]) break;
                o -= outStride[ax] * idx[ax]; idx[ax] = 0;
            }
        }
        return groups.Select(g => g.ToArray()).ToArray();
    }

    /// <summary>ReduceSum, ReduceMean (mean(sum, count)) or ReduceMax (<paramref name="lowest"/> given) over each group.</summary>
    private static void Reduce<T>(T[] x, int[][] groups, Func<T, long, T>? mean, T? lowest, T[] y) where T : struct, INumber<T>
    {
        for (int o = 0; o < groups.Length; o++)
        {
            T acc = lowest ?? T.Zero;
            foreach (int i in groups[o]) acc = lowest is not null ? T.Max(acc, x[i]) : checked(acc + x[i]);
            y[o] = mean is not null && groups[o].Length > 0 ? mean(acc, groups[o].Length) : acc;
        }
    }

    /// <summary>The input elements along <paramref name="axis"/> (in index order) that each ArgMax output chooses among.</summary>
    public static int[][] ArgMaxLines(TensorShape shape, int axis)
    {
        int[] xs = shape.ToArray();
        int outer = 1, inner = 1, n = xs[axis];
        for (int i = 0; i < axis; i++) outer *= xs[i];
        for (int i = axis + 1; i < xs.Length; i++) inner *= xs[i];
        var lines = new int[outer * inner][];
        for (int o = 0; o < outer; o++)
            for (int b = 0; b < inner; b++)
                lines[o * inner + b] = Enumerable.Range(0, n).Select(i => (o * n + i) * inner + b).ToArray();
        return lines;
    }

    /// <summary>First (or last) position of the maximum in each line, as a value of T.</summary>
    private static void ArgMax<T>(T[] x, int[][] lines, bool selectLast, T[] y) where T : INumber<T>
    {
        for (int o = 0; o < lines.Length; o++)
        {
            var line = lines[o];
            int best = 0;
            T bv = x[line[0]];
            for (int i = 1; i < line.Length; i++)
            {
                T v = x[line[i]];
                if (v > bv || (selectLast && v == bv)) { bv = v; best = i; }
            }
            y[o] = T.CreateChecked(best);
        }
    }

    private static void Trilu<T>(T[] x, int[] xs, TriluAttributes a, T[] y) where T : INumber<T>
    {
        int rows = xs[^2], cols = xs[^1];
        for (int i = 0; i < x.Length; i++)
        {
            int c = i % cols, r = i / cols % rows;
            bool keep = a.Upper ? c - r >= a.K : c - r <= a.K;
            y[i] = keep ? x[i] : T.Zero;
        }
    }
}

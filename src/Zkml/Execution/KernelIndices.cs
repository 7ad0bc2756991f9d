using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// Which input elements each output element of a windowed op reads, as compressed rows: output o reads
/// X[Start[o] .. Start[o + 1]). The executors' pooling and reduction kernels and the circuits both walk these lists,
/// so the two cannot disagree on a window, a padded tap or a stride gap.
/// </summary>
internal static class KernelIndices
{
    /// <summary>
    /// Conv or ConvTranspose (1-D lifted to 2-D): the (input, weight) index pairs whose products sum to each output
    /// element (bias excluded), in (input channel, ky, kx) order. Taps that fall on padding, and for ConvTranspose
    /// kernel positions that no input pixel reaches (stride gaps, output_padding), are left out.
    /// </summary>
    public static (int[] Start, int[] X, int[] W) ConvolutionTaps(Node node, TensorShape xs, TensorShape ws, TensorShape ys)
    {
        var a = (ConvAttributes)node.Attributes;
        int[] x4 = xs.ToArray(), w4 = ws.ToArray(), y4 = ys.ToArray();
        TensorKernels.ConvAs2D(ref x4, ref w4, ref y4, ref a);
        if (x4.Length != 4) throw new ModelExecutionException($"node '{node.Name}' ({node.Op}): only 1-D and 2-D convolutions are supported");
        bool transpose = node.Op == OpKind.ConvTranspose;
        int nb = x4[0], c = x4[1], h = x4[2], wd = x4[3];
        int o = y4[1], oh = y4[2], ow = y4[3], kh = w4[2], kw = w4[3];
        int g = a.Group, cg = c / g, og = o / g;
        int sh = a.Strides[0], sw = a.Strides[1], dh = a.Dilations[0], dw = a.Dilations[1], ph = a.Pads[0], pw = a.Pads[1];
        var start = new int[nb * o * oh * ow + 1];
        var xi = new List<int>();
        var wi = new List<int>();
        int e = 0;
        for (int b = 0; b < nb; b++)
            for (int oc = 0; oc < o; oc++)
            {
                int grp = oc / og;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++, e++)
                    {
                        start[e] = xi.Count;
                        for (int icg = 0; icg < cg; icg++)
                        {
                            int ic = grp * cg + icg;
                            for (int ky = 0; ky < kh; ky++)
                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int iy, ix;
                                    if (transpose)
                                    {
                                        // The scatter oy = iy·s − p + k·d, solved for iy.
                                        int ny = oy + ph - ky * dh, nx = ox + pw - kx * dw;
                                        if (ny < 0 || nx < 0 || ny % sh != 0 || nx % sw != 0) continue;
                                        (iy, ix) = (ny / sh, nx / sw);
                                    }
                                    else (iy, ix) = (oy * sh - ph + ky * dh, ox * sw - pw + kx * dw);
                                    if ((uint)iy >= (uint)h || (uint)ix >= (uint)wd) continue;
                                    xi.Add(((b * c + ic) * h + iy) * wd + ix);
                                    wi.Add(transpose ? ((ic * og + oc % og) * kh + ky) * kw + kx : ((oc * cg + icg) * kh + ky) * kw + kx);
                                }
                        }
                    }
            }
        start[e] = xi.Count;
        return (start, xi.ToArray(), wi.ToArray());
    }

    /// <summary>
    /// AveragePool / MaxPool (1-D lifted to 2-D): the input elements inside each window (padding excluded), in
    /// (ky, kx) order, and the count an average divides by (count_include_pad counts the padded taps; at least 1).
    /// </summary>
    public static (int[] Start, int[] X, int[] Count) PoolWindows(Node node, TensorShape xs, TensorShape ys)
    {
        var a = (PoolAttributes)node.Attributes;
        int[] x4 = xs.ToArray(), y4 = ys.ToArray();
        TensorKernels.PoolAs2D(ref x4, ref y4, ref a);
        if (x4.Length != 4) throw new ModelExecutionException($"node '{node.Name}' ({node.Op}): only 1-D and 2-D pooling is supported");
        int nc = x4[0] * x4[1], h = x4[2], wd = x4[3], oh = y4[2], ow = y4[3];
        int kh = a.KernelShape[0], kw = a.KernelShape[1], sh = a.Strides[0], sw = a.Strides[1];
        int dh = a.Dilations[0], dw = a.Dilations[1], ph = a.Pads[0], pw = a.Pads[1];
        var start = new int[nc * oh * ow + 1];
        var count = new int[nc * oh * ow];
        var xi = new List<int>();
        int e = 0;
        for (int p = 0; p < nc; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++, e++)
                {
                    start[e] = xi.Count;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = oy * sh - ph + ky * dh;
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int ix = ox * sw - pw + kx * dw;
                            if ((uint)iy < (uint)h && (uint)ix < (uint)wd) xi.Add((p * h + iy) * wd + ix);
                        }
                    }
                    // With ceil_mode 0 every window lies in the padded input, so counting the pads counts the kernel.
                    count[e] = Math.Max(a.CountIncludePad ? kh * kw : xi.Count - start[e], 1);
                }
        start[e] = xi.Count;
        return (start, xi.ToArray(), count);
    }

    /// <summary>ReduceSum / ReduceMean / ReduceMax over sorted <paramref name="axes"/>: the input elements of each output, in increasing index order.</summary>
    public static (int[] Start, int[] X) ReductionGroups(int[] xs, int[] axes)
    {
        var reduced = new bool[xs.Length];
        foreach (int ax in axes) reduced[ax] = true;
        // Output strides in the keep-dims layout: reduced axes contribute nothing.
        var outStride = new int[xs.Length];
        int outputs = 1;
        for (int i = xs.Length - 1; i >= 0; i--) { outStride[i] = reduced[i] ? 0 : outputs; if (!reduced[i]) outputs *= xs[i]; }
        int size = 1;
        foreach (int d in xs) size *= d;
        var owner = new int[size];
        var sizes = new int[outputs];
        var idx = new int[xs.Length];
        int o = 0;
        for (int i = 0; i < size; i++)
        {
            owner[i] = o;
            sizes[o]++;
            for (int ax = xs.Length - 1; ax >= 0; ax--)
            {
                idx[ax]++; o += outStride[ax];
                if (idx[ax] < xs[ax]) break;
                o -= outStride[ax] * idx[ax]; idx[ax] = 0;
            }
        }
        var start = new int[outputs + 1];
        for (int j = 0; j < outputs; j++) start[j + 1] = start[j] + sizes[j];
        var fill = start[..outputs];
        var x = new int[size];
        for (int i = 0; i < size; i++) x[fill[owner[i]]++] = i;
        return (start, x);
    }

    /// <summary>
    /// ONNX MatMul's blocks (rank-1 operands promoted, batch dimensions broadcast): M, K, N, and for each output
    /// block p the blocks of A (M×K) and B (K×N) it multiplies.
    /// </summary>
    public static (int M, int K, int N, int[] BlockA, int[] BlockB) MatMulBatches(TensorShape sa, TensorShape sb)
    {
        var ad = sa.Rank == 1 ? new[] { 1, sa[0] } : sa.ToArray();
        var bd = sb.Rank == 1 ? new[] { sb[0], 1 } : sb.ToArray();
        var batchA = new TensorShape(ad[..^2]); var batchB = new TensorShape(bd[..^2]);
        var batch = Broadcasting.Shape(batchA, batchB)!;
        return (ad[^2], ad[^1], bd[^1], Broadcasting.SourceIndex(batchA, batch), Broadcasting.SourceIndex(batchB, batch));
    }
}

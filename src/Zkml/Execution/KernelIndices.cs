using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// Index maps of the convolution and matrix-product kernels that the executors and the circuits both walk, so the
/// two cannot disagree on a tap, a padded position, a stride gap or a batch (pooling windows and reduction groups
/// are <see cref="TensorKernels.PoolWindows"/> and <see cref="TensorKernels.ReduceGroups"/>).
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

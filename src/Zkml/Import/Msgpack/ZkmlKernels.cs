using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// The integer semantics of zkml's layers (`src/layers/`), NHWC with batch first. Accumulation is exact
/// (checked 64-bit); every rescale goes through <see cref="ZkmlFixedPoint"/>.
/// </summary>
public static class ZkmlKernels
{
    public enum Activation { None = 0, Relu = 1, Relu6 = 3 }

    /// <summary>
    /// Conv2D / DepthwiseConv2D (params: type, padding 0=same 1=valid, activation, stride h, stride w).
    /// Accumulates Σ x·w exactly, then (bias_div_round_relu6) RoundDiv(acc, sf) + bias, then the activation:
    /// the bias is at scale sf and is added after the division.
    /// </summary>
    public static Tensor<long> Conv2D(Tensor<long> x, Tensor<long> w, Tensor<long>? bias, long[] prm, ZkmlFixedPoint fp)
    {
        Require(prm.Length >= 5, "Conv2D needs 5 params");
        bool depthwise = prm[0] switch { 0 => false, 1 => true, _ => throw Bad($"Conv2D type {prm[0]}") };
        bool same = prm[1] switch { 0 => true, 1 => false, _ => throw Bad($"Conv2D padding {prm[1]}") };
        var act = ActivationOf(prm[2], "Conv2D", allowRelu6: true);
        Require(prm[3] is >= 1 and <= 1 << 16 && prm[4] is >= 1 and <= 1 << 16, "Conv2D strides must be positive");
        int si = (int)prm[3], sj = (int)prm[4];
        Require(x.Shape.Rank == 4 && w.Shape.Rank == 4, "Conv2D expects rank-4 input and weights");
        int batch = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], c = x.Shape[3];
        int kh = w.Shape[1], kw = w.Shape[2];
        int oc = depthwise ? w.Shape[3] : w.Shape[0];
        Require(depthwise ? w.Shape[0] == 1 && w.Shape[3] == c && batch == 1 : w.Shape[3] == c,
            $"Conv2D weights {w.Shape} do not match input channels {c}");
        Require(kh >= 1 && kw >= 1 && (same || (kh <= h && kw <= wd)), "Conv2D kernel larger than input");
        if (depthwise) Require(bias is not null, "DepthwiseConv2D needs a bias");
        if (bias is not null) Require(bias.Data.Length >= oc, "Conv2D bias shorter than output channels");

        // zkml's padding rule for 'same', kept exactly (its height branch uses the width stride).
        int ph = 0, pw = 0;
        if (same)
        {
            ph = Math.Max(h % si == 0 ? kh - sj : kh - h % si, 0);
            pw = Math.Max(wd % sj == 0 ? kw - sj : kw - wd % sj, 0);
        }
        int top = ph / 2, left = pw / 2;
        int oh = same ? (h + si - 1) / si : (h - kh) / si + 1;
        int ow = same ? (wd + sj - 1) / sj : (wd - kw) / sj + 1;
        int hp = h + ph, wp = wd + pw;
        Require((long)(oh - 1) * si + kh <= hp && (long)(ow - 1) * sj + kw <= wp, "Conv2D window leaves the padded input");

        var outShape = new[] { batch, oh, ow, oc };
        var y = new long[Elements(outShape)];
        int o = 0;
        for (int b = 0; b < batch; b++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        for (int f = 0; f < oc; f++)
        {
            long acc = 0;
            for (int di = 0; di < kh; di++)
            {
                int r = i * si + di - top;
                if (r < 0 || r >= h) continue; // zero padding
                for (int dj = 0; dj < kw; dj++)
                {
                    int col = j * sj + dj - left;
                    if (col < 0 || col >= wd) continue;
                    int xBase = ((b * h + r) * wd + col) * c;
                    if (depthwise)
                    {
                        acc = checked(acc + x.Data[xBase + f] * w.Data[(di * kw + dj) * oc + f]);
                    }
                    else
                    {
                        int wBase = ((f * kh + di) * kw + dj) * c;
                        for (int ch = 0; ch < c; ch++) acc = checked(acc + x.Data[xBase + ch] * w.Data[wBase + ch]);
                    }
                }
            }
            long v = checked(fp.RoundDiv(acc, fp.Scale) + (bias?.Data[f] ?? 0));
            y[o++] = Activate(fp.InLookup(v, "Conv2D rescaled output"), act, fp);
        }
        return new Tensor<long>(new TensorShape(outShape), y);
    }

    /// <summary>AveragePool2D (params: filter h, filter w, stride h, stride w; valid padding): RoundDiv(Σ window, fh·fw).</summary>
    public static Tensor<long> AvgPool2D(Tensor<long> x, long[] prm, ZkmlFixedPoint fp) =>
        Pool(x, prm, "AveragePool2D", (window, n) =>
        {
            long sum = 0;
            foreach (long v in window) sum = checked(sum + v);
            return fp.RoundDiv(sum, n);
        });

    /// <summary>MaxPool2D (same params as AveragePool2D): the window maximum.</summary>
    public static Tensor<long> MaxPool2D(Tensor<long> x, long[] prm) =>
        Pool(x, prm, "MaxPool2D", (window, _) => window.ToArray().Max());

    private static Tensor<long> Pool(Tensor<long> x, long[] prm, string name, Func<List<long>, long, long> reduce)
    {
        Require(prm.Length >= 4 && prm.Take(4).All(p => p is >= 1 and <= 1 << 16), $"{name} needs 4 positive params");
        Require(x.Shape.Rank == 4 && x.Shape[0] == 1, $"{name} expects a [1,H,W,C] input");
        int fh = (int)prm[0], fw = (int)prm[1], sh = (int)prm[2], sw = (int)prm[3];
        int h = x.Shape[1], w = x.Shape[2], c = x.Shape[3];
        Require(fh <= h && fw <= w, $"{name} filter larger than input");
        int oh = (h - fh) / sh + 1, ow = (w - fw) / sw + 1;
        var outShape = new[] { 1, oh, ow, c };
        var y = new long[Elements(outShape)];
        var window = new List<long>(fh * fw);
        int o = 0;
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        for (int ch = 0; ch < c; ch++)
        {
            window.Clear();
            for (int a = 0; a < fh; a++)
            for (int b = 0; b < fw; b++)
            {
                int r = i * sh + a, col = j * sw + b;
                if (r < h && col < w) window.Add(x.Data[(r * w + col) * c + ch]);
            }
            y[o++] = reduce(window, (long)fh * fw); // zkml divides by fh·fw even for a clipped window
        }
        return new Tensor<long>(new TensorShape(outShape), y);
    }

    /// <summary>Mul: elementwise product, rescaled by RoundDiv(·, sf).</summary>
    public static Tensor<long> Mul(Tensor<long> a, Tensor<long> b, ZkmlFixedPoint fp) =>
        Broadcast(a, b, "Mul", (p, q) => fp.RoundDiv(checked(p * q), fp.Scale));

    /// <summary>Add (params[0]: 0 none, 1 relu): exact sum, no rescale.</summary>
    public static Tensor<long> Add(Tensor<long> a, Tensor<long> b, long[] prm, ZkmlFixedPoint fp)
    {
        var act = prm.Length == 0 ? Activation.None : ActivationOf(prm[0], "Add", allowRelu6: false);
        return Broadcast(a, b, "Add", (p, q) => Activate(checked(p + q), act, fp));
    }

    /// <summary>Sub: exact difference.</summary>
    public static Tensor<long> Sub(Tensor<long> a, Tensor<long> b) => Broadcast(a, b, "Sub", (p, q) => checked(p - q));

    /// <summary>
    /// FullyConnected (params[0]: 0 none, 1 relu): input [M,N] (or the first batch of a higher-rank input),
    /// weights [O,N]; RoundDiv(Σ x·w, sf) + bias, then the activation.
    /// </summary>
    public static Tensor<long> FullyConnected(Tensor<long> x, Tensor<long> w, Tensor<long>? bias, long[] prm, ZkmlFixedPoint fp)
    {
        var act = prm.Length == 0 ? Activation.None : ActivationOf(prm[0], "FullyConnected", allowRelu6: false);
        Require(x.Shape.Rank is 2 or 3 && w.Shape.Rank == 2, "FullyConnected expects a rank-2 or rank-3 input and rank-2 weights");
        int n = x.Shape[x.Shape.Rank - 1], m = x.Shape[x.Shape.Rank - 2]; // a rank-3 input keeps only batch 0, as in zkml
        int outs = w.Shape[0];
        Require(w.Shape[1] == n, "FullyConnected weights do not match the input width");
        if (bias is not null) Require(bias.Data.Length == outs || bias.Data.Length == 1, "FullyConnected bias length");
        var y = new long[(long)m * outs];
        for (int i = 0; i < m; i++)
        for (int o = 0; o < outs; o++)
        {
            long acc = 0;
            for (int k = 0; k < n; k++) acc = checked(acc + x.Data[i * n + k] * w.Data[o * n + k]);
            long v = fp.RoundDiv(acc, fp.Scale);
            if (bias is not null) v = checked(v + bias.Data[bias.Data.Length == 1 ? 0 : o]);
            y[i * outs + o] = Activate(v, act, fp);
        }
        return new Tensor<long>(new TensorShape(m, outs), y);
    }

    public static Tensor<long> Reshape(Tensor<long> x, int[] shape)
    {
        Require(Elements(shape) == x.Data.Length, $"Reshape to [{string.Join(',', shape)}] changes the element count");
        return new Tensor<long>(new TensorShape(shape), x.Data);
    }

    private static long Activate(long v, Activation act, ZkmlFixedPoint fp) => act switch
    {
        Activation.Relu => Math.Max(v, 0),
        Activation.Relu6 => Math.Clamp(v, 0, 6 * fp.Scale),
        _ => v,
    };

    private static Activation ActivationOf(long code, string layer, bool allowRelu6) => code switch
    {
        0 => Activation.None,
        1 => Activation.Relu,
        3 when allowRelu6 => Activation.Relu6,
        _ => throw Bad($"{layer} activation {code} is not supported"),
    };

    /// <summary>NumPy broadcasting (align trailing dimensions), which is what zkml's helper does for its models.</summary>
    private static Tensor<long> Broadcast(Tensor<long> a, Tensor<long> b, string name, Func<long, long, long> op)
    {
        int rank = Math.Max(a.Shape.Rank, b.Shape.Rank);
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int da = Dim(a, d, rank), db = Dim(b, d, rank);
            Require(da == db || da == 1 || db == 1,
                $"{name}: shapes {a.Shape} and {b.Shape} do not broadcast");
            shape[d] = Math.Max(da, db);
        }
        var y = new long[Elements(shape)];
        var idx = new int[rank];
        for (long n = 0; n < y.Length; n++)
        {
            y[n] = op(a.Data[Offset(a, idx, rank)], b.Data[Offset(b, idx, rank)]);
            for (int d = rank - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
        }
        return new Tensor<long>(new TensorShape(shape), y);
    }

    private static int Dim(Tensor<long> t, int d, int rank) => d < rank - t.Shape.Rank ? 1 : t.Shape[d - (rank - t.Shape.Rank)];

    private static int Offset(Tensor<long> t, int[] idx, int rank)
    {
        int off = 0, lead = rank - t.Shape.Rank;
        for (int d = 0; d < t.Shape.Rank; d++) off = off * t.Shape[d] + (t.Shape[d] == 1 ? 0 : idx[d + lead]);
        return off;
    }

    private static long Elements(int[] shape) => ZkmlMsgpackReader.Elements(shape, "tensor");

    private static void Require(bool ok, string message)
    {
        if (!ok) throw Bad(message);
    }

    private static ModelFormatException Bad(string message) => new(message);
}

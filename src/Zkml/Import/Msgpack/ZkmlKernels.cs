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
        var g = new ZkmlConv2DGeometry(x.Shape, w.Shape, bias?.Data.Length, prm);
        var y = new long[g.Size];
        var taps = new List<(int X, int W)>();
        for (int o = 0; o < y.Length; o++)
        {
            int f = g.Taps(o, taps);
            long acc = 0;
            foreach (var (xi, wi) in taps) acc = checked(acc + x.Data[xi] * w.Data[wi]);
            long v = checked(fp.RoundDiv(acc, fp.Scale) + (bias?.Data[f] ?? 0));
            y[o] = Activate(fp.InLookup(v, "Conv2D rescaled output"), g.Activation, fp);
        }
        return new Tensor<long>(new TensorShape(g.OutShape), y);
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
        var g = new ZkmlPoolGeometry(x.Shape, prm, name);
        var y = new long[g.Size];
        var window = new List<int>();
        var values = new List<long>();
        for (int o = 0; o < y.Length; o++)
        {
            g.Window(o, window);
            values.Clear();
            foreach (int i in window) values.Add(x.Data[i]);
            y[o] = reduce(values, g.Area);
        }
        return new Tensor<long>(new TensorShape(g.OutShape), y);
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
        var (m, n, outs, act) = FullyConnectedLayout(x.Shape, w.Shape, bias?.Data.Length, prm);
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

    /// <summary>FullyConnected's rows M, width N (x[i·N + k]), outputs O (w[o·N + k]) and activation; the circuit reads the same.</summary>
    public static (int M, int N, int Outs, Activation Act) FullyConnectedLayout(TensorShape xs, TensorShape ws, int? biasLength, long[] prm)
    {
        var act = prm.Length == 0 ? Activation.None : ActivationOf(prm[0], "FullyConnected", allowRelu6: false);
        Require(xs.Rank is 2 or 3 && ws.Rank == 2, "FullyConnected expects a rank-2 or rank-3 input and rank-2 weights");
        int n = xs[xs.Rank - 1], m = xs[xs.Rank - 2]; // a rank-3 input keeps only batch 0, as in zkml
        int outs = ws[0];
        Require(ws[1] == n, "FullyConnected weights do not match the input width");
        if (biasLength is { } bl) Require(bl == outs || bl == 1, "FullyConnected bias length");
        return (m, n, outs, act);
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

    public static Activation ActivationOf(long code, string layer, bool allowRelu6) => code switch
    {
        0 => Activation.None,
        1 => Activation.Relu,
        3 when allowRelu6 => Activation.Relu6,
        _ => throw Bad($"{layer} activation {code} is not supported"),
    };

    /// <summary>NumPy broadcasting (align trailing dimensions), which is what zkml's helper does for its models.</summary>
    private static Tensor<long> Broadcast(Tensor<long> a, Tensor<long> b, string name, Func<long, long, long> op)
    {
        var (shape, ai, bi) = BroadcastIndex(a.Shape, b.Shape, name);
        var y = new long[ai.Length];
        for (int n = 0; n < y.Length; n++) y[n] = op(a.Data[ai[n]], b.Data[bi[n]]);
        return new Tensor<long>(new TensorShape(shape), y);
    }

    /// <summary>The broadcast shape and, per output element, the operands' element indices (shared with the circuit).</summary>
    public static (int[] Shape, int[] A, int[] B) BroadcastIndex(TensorShape a, TensorShape b, string name)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int da = Dim(a, d, rank), db = Dim(b, d, rank);
            Require(da == db || da == 1 || db == 1,
                $"{name}: shapes {a} and {b} do not broadcast");
            shape[d] = Math.Max(da, db);
        }
        long size = Elements(shape);
        var ai = new int[size];
        var bi = new int[size];
        var idx = new int[rank];
        for (long n = 0; n < size; n++)
        {
            ai[n] = Offset(a, idx, rank);
            bi[n] = Offset(b, idx, rank);
            for (int d = rank - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
        }
        return (shape, ai, bi);
    }

    private static int Dim(TensorShape t, int d, int rank) => d < rank - t.Rank ? 1 : t[d - (rank - t.Rank)];

    private static int Offset(TensorShape t, int[] idx, int rank)
    {
        int off = 0, lead = rank - t.Rank;
        for (int d = 0; d < t.Rank; d++) off = off * t[d] + (t[d] == 1 ? 0 : idx[d + lead]);
        return off;
    }

    private static long Elements(int[] shape) => ZkmlMsgpackReader.Elements(shape, "tensor");

    private static void Require(bool ok, string message)
    {
        if (!ok) throw Bad(message);
    }

    private static ModelFormatException Bad(string message) => new(message);
}

using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// The float model behind a zkml file: the same layers in double precision on the dequantized weights
/// (value = integer / global_sf), with exact division and real-valued activations. Used as the reference for
/// calibration errors.
/// </summary>
public static class ZkmlFloatEvaluator
{
    /// <summary>Returns every graph output (flattened), in <see cref="ZkmlMsgpackModel.OutputIndices"/> order.</summary>
    public static double[][] Run(ZkmlMsgpackModel model, IReadOnlyList<double[]> inputs)
    {
        double sf = model.GlobalScale;
        var env = new Dictionary<long, (int[] S, double[] D)>();
        foreach (var t in model.Tensors) env[t.Index] = (t.Shape, t.Data.Select(v => v / sf).ToArray());
        if (inputs.Count != model.InputIndices.Length)
            throw new ModelExecutionException($"expected {model.InputIndices.Length} input(s), got {inputs.Count}");
        for (int i = 0; i < inputs.Count; i++)
        {
            long idx = model.InputIndices[i];
            var shape = ZkmlMsgpackImporter.InputShape(model, idx) ?? throw new ModelFormatException($"input {idx} is read by no layer");
            if (ZkmlMsgpackReader.Elements(shape, "input") != inputs[i].Length)
                throw new ModelExecutionException($"input {idx} needs {ZkmlMsgpackReader.Elements(shape, "input")} values, got {inputs[i].Length}");
            env[idx] = (shape, inputs[i]);
        }
        foreach (var layer in model.Layers)
        {
            var x = layer.InputIndices.Select(i => env.TryGetValue(i, out var t) ? t
                : throw new ModelFormatException($"{layer.LayerType}: tensor {i} has no value")).ToArray();
            var p = layer.Params;
            env[layer.OutputIndices[0]] = layer.LayerType switch
            {
                "Conv2D" => Conv(x[0], x[1], x.Length > 2 ? x[2].D : null, p),
                "AveragePool2D" => Pool(x[0], p, avg: true),
                "MaxPool2D" => Pool(x[0], p, avg: false),
                "Add" => Broadcast(x[0], x[1], (a, b) => Act(a + b, p.Length > 0 ? p[0] : 0)),
                "Sub" => Broadcast(x[0], x[1], (a, b) => a - b),
                "Mul" => Broadcast(x[0], x[1], (a, b) => a * b),
                "FullyConnected" => Dense(x[0], x[1], x.Length > 2 ? x[2].D : null, p.Length > 0 ? p[0] : 0),
                "Reshape" => (layer.OutputShapes[0], x[0].D),
                _ => throw new ModelFormatException($"zkml layer '{layer.LayerType}' is not supported"),
            };
        }
        return model.OutputIndices.Select(i => env[i].D).ToArray();
    }

    private static double Act(double v, long code) => code switch { 1 => Math.Max(v, 0), 3 => Math.Clamp(v, 0, 6), _ => v };

    // The same index arithmetic as ZkmlKernels.Conv2D, in doubles (shapes were validated by the integer import).
    private static (int[], double[]) Conv((int[] S, double[] D) x, (int[] S, double[] D) w, double[]? bias, long[] p)
    {
        bool depthwise = p[0] == 1, same = p[1] == 0;
        int si = (int)p[3], sj = (int)p[4];
        int batch = x.S[0], h = x.S[1], wd = x.S[2], c = x.S[3], kh = w.S[1], kw = w.S[2];
        int oc = depthwise ? w.S[3] : w.S[0];
        int ph = same ? Math.Max(h % si == 0 ? kh - sj : kh - h % si, 0) : 0;
        int pw = same ? Math.Max(wd % sj == 0 ? kw - sj : kw - wd % sj, 0) : 0;
        int oh = same ? (h + si - 1) / si : (h - kh) / si + 1, ow = same ? (wd + sj - 1) / sj : (wd - kw) / sj + 1;
        var y = new double[batch * oh * ow * oc];
        int o = 0;
        for (int b = 0; b < batch; b++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        for (int f = 0; f < oc; f++)
        {
            double acc = bias?[f] ?? 0;
            for (int di = 0; di < kh; di++)
            {
                int r = i * si + di - ph / 2;
                if (r < 0 || r >= h) continue;
                for (int dj = 0; dj < kw; dj++)
                {
                    int col = j * sj + dj - pw / 2;
                    if (col < 0 || col >= wd) continue;
                    int xb = ((b * h + r) * wd + col) * c;
                    if (depthwise) acc += x.D[xb + f] * w.D[(di * kw + dj) * oc + f];
                    else for (int ch = 0; ch < c; ch++) acc += x.D[xb + ch] * w.D[((f * kh + di) * kw + dj) * c + ch];
                }
            }
            y[o++] = Act(acc, p[2]);
        }
        return ([batch, oh, ow, oc], y);
    }

    private static (int[], double[]) Pool((int[] S, double[] D) x, long[] p, bool avg)
    {
        int fh = (int)p[0], fw = (int)p[1], sh = (int)p[2], sw = (int)p[3], h = x.S[1], w = x.S[2], c = x.S[3];
        int oh = (h - fh) / sh + 1, ow = (w - fw) / sw + 1;
        var y = new double[oh * ow * c];
        int o = 0;
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        for (int ch = 0; ch < c; ch++)
        {
            double acc = avg ? 0 : double.NegativeInfinity;
            for (int a = 0; a < fh; a++)
            for (int b = 0; b < fw; b++)
            {
                int r = i * sh + a, col = j * sw + b;
                if (r >= h || col >= w) continue;
                double v = x.D[(r * w + col) * c + ch];
                acc = avg ? acc + v : Math.Max(acc, v);
            }
            y[o++] = avg ? acc / (fh * fw) : acc;
        }
        return ([1, oh, ow, c], y);
    }

    private static (int[], double[]) Dense((int[] S, double[] D) x, (int[] S, double[] D) w, double[]? bias, long act)
    {
        int n = x.S[^1], m = x.S[^2], outs = w.S[0];
        var y = new double[m * outs];
        for (int i = 0; i < m; i++)
        for (int o = 0; o < outs; o++)
        {
            double acc = bias is null ? 0 : bias[bias.Length == 1 ? 0 : o];
            for (int k = 0; k < n; k++) acc += x.D[i * n + k] * w.D[o * n + k];
            y[i * outs + o] = Act(acc, act);
        }
        return ([m, outs], y);
    }

    /// <summary>Broadcasts like the integer kernels by running them on index tensors (a's index + 0, 0 + b's index).</summary>
    private static (int[], double[]) Broadcast((int[] S, double[] D) a, (int[] S, double[] D) b, Func<double, double, double> op)
    {
        var ta = new Tensor<long>(new TensorShape(a.S), Enumerable.Range(0, a.D.Length).Select(i => (long)i).ToArray());
        var tb = new Tensor<long>(new TensorShape(b.S), Enumerable.Range(0, b.D.Length).Select(i => (long)i).ToArray());
        var ia = ZkmlKernels.Add(ta, new Tensor<long>(new TensorShape(b.S)), [], default);
        var ib = ZkmlKernels.Add(new Tensor<long>(new TensorShape(a.S)), tb, [], default);
        var y = new double[ia.Data.Length];
        for (int n = 0; n < y.Length; n++) y[n] = op(a.D[ia.Data[n]], b.D[ib.Data[n]]);
        return (ia.Shape.ToArray(), y);
    }
}

using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// The exact integer forward pass: computes every edge of a quantized graph as the circuits constrain it. It is the
/// witness source and the circuits' test oracle. Values leaving ±2^MaxValueBits, lookup inputs outside the table
/// and divisions by zero are <see cref="ModelExecutionException"/>s naming the node and the value.
/// </summary>
public static class IntegerExecutor
{
    /// <summary>Quantizes real inputs (flattened, one array per graph input) at the input scale and runs the model.</summary>
    public static Activations Run(QuantizedModel model, IReadOnlyList<float[]> inputs) => Run(model, QuantizeInputs(model, inputs));

    /// <summary>Quantizes real inputs at each input's scale, checking count, length, finiteness and range.</summary>
    public static IReadOnlyList<long[]> QuantizeInputs(QuantizedModel model, IReadOnlyList<float[]> inputs)
    {
        var g = model.Graph;
        ExecutorInputs.Check(g, inputs);
        long limit = 1L << model.Settings.MaxValueBits;
        var result = new long[inputs.Count][];
        for (int i = 0; i < inputs.Count; i++)
        {
            var info = g[g.Inputs[i]];
            var q = new long[inputs[i].Length];
            for (int j = 0; j < q.Length; j++)
            {
                float v = inputs[i][j];
                if (!float.IsFinite(v)) throw new ModelExecutionException($"model '{g.Name}': input '{info.Name}' element {j} is {v}");
                double d = FixedPoint.Quantize(v, info.Scale!.Value);
                if (!(Math.Abs(d) < limit)) throw new ModelExecutionException($"model '{g.Name}': input '{info.Name}' element {j} = {v} is outside the representable range");
                q[j] = (long)d;
            }
            result[i] = q;
        }
        return result;
    }

    /// <summary>Runs the model on fixed-point inputs (one flattened array per graph input, at the input's scale).</summary>
    public static Activations Run(QuantizedModel model, IReadOnlyList<long[]> inputs)
    {
        var g = model.Graph;
        var s = model.Settings;
        ExecutorInputs.Check(g, inputs);
        var v = new Dictionary<string, long[]>();
        for (int i = 0; i < inputs.Count; i++) v[g.Inputs[i]] = inputs[i];
        foreach (var (name, t) in g.FixedConstants) v[name] = t.Data;
        long limit = 1L << s.MaxValueBits;

        foreach (var node in g.Nodes)
        {
            var outInfo = g[node.Outputs[0]];
            long[] y;
            try { y = Execute(g, s, node, v, outInfo); }
            catch (OverflowException) { throw Fail(g, node, "an intermediate value overflows 64 bits"); }
            catch (DivideByZeroException) { throw Fail(g, node, "division by zero"); }
            for (int i = 0; i < y.Length; i++)
                if (y[i] >= limit || y[i] <= -limit)
                    throw Fail(g, node, $"value {y[i]} (≈ {FixedPoint.Dequantize(y[i], outInfo.Scale ?? 0):G6}) at element {i} leaves ±2^{s.MaxValueBits}");
            v[outInfo.Name] = y;
        }
        return new Activations(g, v);
    }

    private static ModelExecutionException Fail(ModelGraph g, Node n, string what) => new($"model '{g.Name}', node '{n.Name}' ({n.Op}): {what}");

    private static long[] Execute(ModelGraph g, Settings s, Node node, Dictionary<string, long[]> v, ValueInfo outInfo)
    {
        long[] In(int i) => v[node.Inputs[i]];
        TensorShape Shape(int i) => g[node.Inputs[i]].Shape;
        int Scale(int i) => g[node.Inputs[i]].Scale!.Value;
        var ys = outInfo.Shape;
        var y = new long[ys.Size];
        switch (node.Op)
        {
            case OpKind.Gemm:
            {
                var a = (GemmAttributes)node.Attributes;
                var sa = Shape(0); var sb = Shape(1);
                int m = ys[0], n = ys[1], k = a.TransA ? sa[0] : sa[1];
                long[] aa = a.TransA ? TensorKernels.Transposed2D(In(0), sa) : In(0);
                long[] bT = a.TransB ? In(1) : TensorKernels.Transposed2D(In(1), sb);
                IntegerOps.MatMul(aa, bT, m, k, n, y);
                if (node.Inputs.Count > 2) TensorKernels.Broadcast(y, ys, In(2), Shape(2), y, ys, (p, q) => checked(p + q));
                return y;
            }
            case OpKind.MatMul:
                TensorKernels.BatchedMatMul(In(0), Shape(0), In(1), Shape(1), y, (a, bT, m, k, n, o) => IntegerOps.MatMul(a, bT, m, k, n, o));
                return y;
            case OpKind.Conv:
            case OpKind.ConvTranspose:
                TensorKernels.Convolution(node, In(0), Shape(0), In(1), Shape(1), node.Inputs.Count > 2 ? In(2) : null, y, ys, IntegerOps.ConvIm2Col);
                return y;
            case OpKind.Add:
            case OpKind.Sub:
            case OpKind.Max:
            case OpKind.Min:
            case OpKind.Less:
            case OpKind.Greater:
            case OpKind.Equal:
            {
                int sc = Math.Max(Scale(0), Scale(1));
                Binary(In(0), Shape(0), Scale(0), In(1), Shape(1), Scale(1), sc, y, ys, node.Op switch
                {
                    OpKind.Add => (p, q) => checked(p + q),
                    OpKind.Sub => (p, q) => checked(p - q),
                    OpKind.Max => Math.Max,
                    OpKind.Min => Math.Min,
                    OpKind.Less => (p, q) => p < q ? 1 : 0,
                    OpKind.Greater => (p, q) => p > q ? 1 : 0,
                    _ => (p, q) => p == q ? 1 : 0,
                });
                return y;
            }
            case OpKind.Where:
            {
                int sc = outInfo.Scale!.Value;
                TensorKernels.Where(In(0), Shape(0), Shifted(In(1), sc - Scale(1)), Shape(1), Shifted(In(2), sc - Scale(2)), Shape(2), y, ys);
                return y;
            }
            case OpKind.Neg:
            {
                var x = In(0);
                for (int i = 0; i < y.Length; i++) y[i] = -x[i];
                return y;
            }
            case OpKind.Mul:
                Binary(In(0), Shape(0), 0, In(1), Shape(1), 0, 0, y, ys, (p, q) => checked(p * q));
                return y;
            case OpKind.Div:
            {
                long one = 1L << Scale(1);
                Binary(In(0), Shape(0), 0, In(1), Shape(1), 0, 0, y, ys, (p, q) =>
                {
                    if (q == 0) throw new DivideByZeroException();
                    return q > 0 ? FixedPoint.RoundDiv(checked(p * one), q) : FixedPoint.RoundDiv(checked(-p * one), -q);
                });
                return y;
            }
            case OpKind.PRelu:
            {
                int sl = Scale(1);
                Binary(In(0), Shape(0), 0, In(1), Shape(1), 0, 0, y, ys, (p, q) => p >= 0 ? p : FixedPoint.Rescale(checked(p * q), sl));
                return y;
            }
            case OpKind.Relu:
            {
                var x = In(0);
                for (int i = 0; i < y.Length; i++) y[i] = Math.Max(0, x[i]);
                return y;
            }
            case OpKind.Abs:
            {
                var x = In(0);
                for (int i = 0; i < y.Length; i++) y[i] = Math.Abs(x[i]);
                return y;
            }
            case OpKind.Clip:
            {
                var (lo, hi) = ClipBounds((ClipAttributes)node.Attributes, Scale(0));
                var x = In(0);
                for (int i = 0; i < y.Length; i++) y[i] = Math.Clamp(x[i], lo, hi);
                return y;
            }
            case OpKind.LeakyRelu: case OpKind.Sigmoid: case OpKind.HardSigmoid: case OpKind.Tanh: case OpKind.Erf:
            case OpKind.Softplus: case OpKind.Exp: case OpKind.Sqrt: case OpKind.Pow: case OpKind.Reciprocal: case OpKind.Log:
            {
                var f = RealFunctions.Of(node);
                var x = In(0);
                int si = Scale(0), so = outInfo.Scale!.Value;
                long limit = 1L << s.MaxValueBits;
                for (int i = 0; i < y.Length; i++)
                {
                    if (x[i] < s.LookupMin || x[i] > s.LookupMax)
                        throw Fail(g, node, $"input {x[i]} at element {i} is outside the lookup range [{s.LookupMin}, {s.LookupMax}]");
                    double r = IntegerOps.LookupReal(f, x[i], si, so);
                    if (!IntegerOps.Representable(r, limit)) throw Fail(g, node, $"f({FixedPoint.Dequantize(x[i], si):G6}) = {r / Math.ScaleB(1, so):G6} is not representable");
                    y[i] = (long)r;
                }
                return y;
            }
            case OpKind.Softmax:
            {
                var x = In(0);
                IntegerOps.Softmax(x, Shape(0).ToArray(), ((AxisAttributes)node.Attributes).Axis, Scale(0), s.LookupMin, y);
                return y;
            }
            case OpKind.ReduceMean: case OpKind.ReduceSum: case OpKind.ReduceMax: case OpKind.ArgMax:
            case OpKind.AveragePool: case OpKind.MaxPool: case OpKind.Trilu:
                // Averages round half away from zero.
                TensorKernels.Reduction(node, In(0), Shape(0), FixedPoint.RoundDiv, long.MinValue, y, ys);
                return y;
            case OpKind.Pad:
            {
                var a = (PadAttributes)node.Attributes;
                Reindexing.Pad<long>(In(0), Shape(0), a.Pads, Reindexing.PadValue(a, Scale(0)), ys, y);
                return y;
            }
            case OpKind.Concat:
            {
                int sc = outInfo.Scale!.Value;
                var parts = node.Inputs.Select((_, i) => Shifted(In(i), sc - Scale(i))).ToList();
                Reindexing.Concat(parts, node.Inputs.Select(i => g[i].Shape).ToList(), ((AxisAttributes)node.Attributes).Axis, y);
                return y;
            }
            case OpKind.Reshape: case OpKind.Flatten: case OpKind.Identity: case OpKind.Transpose: case OpKind.Slice:
            case OpKind.Gather: case OpKind.GatherElements: case OpKind.Expand:
                Reindexing.Apply(node, In(0), Shape(0), node.Inputs.Count > 1 ? In(1) : null, ys, y);
                return y;
            case OpKind.Cast:
            {
                // To an integer type: truncation toward zero, as ONNX casts; to a real type: unchanged.
                var x = In(0);
                int shift = Scale(0) - outInfo.Scale!.Value;
                long d = 1L << shift;
                for (int i = 0; i < y.Length; i++) y[i] = x[i] / d;
                return y;
            }
            case OpKind.Rescale:
            {
                var x = In(0);
                int shift = ((RescaleAttributes)node.Attributes).Shift;
                for (int i = 0; i < y.Length; i++) y[i] = FixedPoint.Rescale(x[i], shift);
                return y;
            }
            case OpKind.ZkmlLayer:
                return ZkmlLayerOps.Execute(node, node.Inputs.Select((e, i) => new Tensor<long>(Shape(i), In(i))).ToArray(), ys).Data;
            default:
                throw Fail(g, node, "has no integer rule");
        }
    }

    /// <summary>Clip's bounds at scale <paramref name="scale"/>: round(bound · 2^s), infinite ones as ±long range, hi raised to lo if below it.</summary>
    public static (long Lo, long Hi) ClipBounds(ClipAttributes a, int scale)
    {
        long lo = double.IsNegativeInfinity(a.Min) ? long.MinValue : (long)Math.Max(FixedPoint.Quantize(a.Min, scale), long.MinValue / 2);
        long hi = double.IsPositiveInfinity(a.Max) ? long.MaxValue : (long)Math.Min(FixedPoint.Quantize(a.Max, scale), long.MaxValue / 2);
        return (lo, Math.Max(lo, hi));
    }

    private static long[] Shifted(long[] x, int shift)
    {
        if (shift == 0) return x;
        var y = new long[x.Length];
        long m = 1L << shift;
        for (int i = 0; i < x.Length; i++) y[i] = checked(x[i] * m);
        return y;
    }

    // Element-wise with broadcasting; operands are first shifted left to the common scale sc (when sc > 0).
    private static void Binary(long[] a, TensorShape sa, int scaleA, long[] b, TensorShape sb, int scaleB, int sc, long[] y, TensorShape ys, Func<long, long, long> f)
    {
        if (sc == 0) scaleA = scaleB = 0;
        TensorKernels.Broadcast(Shifted(a, sc - scaleA), sa, Shifted(b, sc - scaleB), sb, y, ys, f);
    }
}

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
        if (inputs.Count != g.Inputs.Count)
            throw new ModelExecutionException($"model '{g.Name}': expected {g.Inputs.Count} input(s), got {inputs.Count}");
        long limit = 1L << model.Settings.MaxValueBits;
        var result = new long[inputs.Count][];
        for (int i = 0; i < inputs.Count; i++)
        {
            var info = g[g.Inputs[i]];
            if (inputs[i].Length != info.Shape.Size)
                throw new ModelExecutionException($"model '{g.Name}': input '{info.Name}' needs {info.Shape.Size} values (shape {info.Shape}), got {inputs[i].Length}");
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
        if (inputs.Count != g.Inputs.Count)
            throw new ModelExecutionException($"model '{g.Name}': expected {g.Inputs.Count} input(s), got {inputs.Count}");
        var v = new Dictionary<string, long[]>();
        for (int i = 0; i < inputs.Count; i++)
        {
            var info = g[g.Inputs[i]];
            if (inputs[i].Length != info.Shape.Size)
                throw new ModelExecutionException($"model '{g.Name}': input '{info.Name}' needs {info.Shape.Size} values (shape {info.Shape}), got {inputs[i].Length}");
            v[info.Name] = inputs[i];
        }
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
                long[] aa = a.TransA ? Transposed(In(0), sa) : In(0);
                long[] bT = a.TransB ? In(1) : Transposed(In(1), sb);
                IntegerOps.MatMul(aa, bT, m, k, n, y);
                if (node.Inputs.Count > 2) AddBroadcast(y, ys, In(2), Shape(2));
                return y;
            }
            case OpKind.MatMul:
                MatMul(In(0), Shape(0), In(1), Shape(1), y, ys);
                return y;
            case OpKind.Conv:
            case OpKind.ConvTranspose:
            {
                var a = (ConvAttributes)node.Attributes;
                var xs = Shape(0).ToArray(); var ws = Shape(1).ToArray(); var os = ys.ToArray();
                if (xs.Length == 3)
                {
                    // 1-D as 2-D with a unit height.
                    xs = new[] { xs[0], xs[1], 1, xs[2] }; ws = new[] { ws[0], ws[1], 1, ws[2] }; os = new[] { os[0], os[1], 1, os[2] };
                    a = a with { KernelShape = new[] { 1, a.KernelShape[0] }, Strides = new[] { 1, a.Strides[0] }, Dilations = new[] { 1, a.Dilations[0] },
                        Pads = new[] { 0, a.Pads[0], 0, a.Pads[1] }, OutputPadding = new[] { 0, a.OutputPadding[0] } };
                }
                long[]? bias = node.Inputs.Count > 2 ? In(2) : null;
                if (node.Op == OpKind.Conv) IntegerOps.ConvIm2Col(In(0), xs, In(1), ws, bias, a, y, os);
                else IntegerOps.ConvTranspose(In(0), xs, In(1), ws, bias, a, y, os);
                return y;
            }
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
                var c = In(0); var a = Shifted(In(1), sc - Scale(1)); var b = Shifted(In(2), sc - Scale(2));
                var ic = Broadcasting.SourceIndex(Shape(0), ys); var ia = Broadcasting.SourceIndex(Shape(1), ys); var ib = Broadcasting.SourceIndex(Shape(2), ys);
                for (int i = 0; i < y.Length; i++) y[i] = c[ic[i]] != 0 ? a[ia[i]] : b[ib[i]];
                return y;
            }
            case OpKind.Expand:
            {
                var x = In(0);
                var map = Broadcasting.SourceIndex(Shape(0), ys);
                for (int i = 0; i < y.Length; i++) y[i] = x[map[i]];
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
                var a = (ClipAttributes)node.Attributes;
                int sc = Scale(0);
                long lo = double.IsNegativeInfinity(a.Min) ? long.MinValue : (long)Math.Max(FixedPoint.Quantize(a.Min, sc), long.MinValue / 2);
                long hi = double.IsPositiveInfinity(a.Max) ? long.MaxValue : (long)Math.Min(FixedPoint.Quantize(a.Max, sc), long.MaxValue / 2);
                var x = In(0);
                for (int i = 0; i < y.Length; i++) y[i] = Math.Clamp(x[i], lo, Math.Max(lo, hi));
                return y;
            }
            case OpKind.LeakyRelu: case OpKind.Sigmoid: case OpKind.HardSigmoid: case OpKind.Tanh: case OpKind.Erf:
            case OpKind.Softplus: case OpKind.Exp: case OpKind.Sqrt: case OpKind.Pow: case OpKind.Reciprocal: case OpKind.Log:
            {
                var f = IntegerOps.LookupFunction(node);
                var x = In(0);
                int si = Scale(0), so = outInfo.Scale!.Value;
                long limit = 1L << s.MaxValueBits;
                for (int i = 0; i < y.Length; i++)
                {
                    if (x[i] < s.LookupMin || x[i] > s.LookupMax)
                        throw Fail(g, node, $"input {x[i]} at element {i} is outside the lookup range [{s.LookupMin}, {s.LookupMax}]");
                    double r = FixedPoint.Quantize(f(FixedPoint.Dequantize(x[i], si)), so);
                    if (!(Math.Abs(r) < limit)) throw Fail(g, node, $"f({FixedPoint.Dequantize(x[i], si):G6}) = {r / Math.ScaleB(1, so):G6} is not representable");
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
            case OpKind.ReduceMean:
            case OpKind.ReduceSum:
            case OpKind.ReduceMax:
                IntegerOps.Reduce(In(0), Shape(0).ToArray(), ((ReduceAttributes)node.Attributes).Axes, node.Op == OpKind.ReduceMean, y, node.Op == OpKind.ReduceMax);
                return y;
            case OpKind.ArgMax:
                IntegerOps.ArgMax(In(0), Shape(0).ToArray(), (ArgMaxAttributes)node.Attributes, y);
                return y;
            case OpKind.AveragePool:
            case OpKind.MaxPool:
            {
                var a = (PoolAttributes)node.Attributes;
                var xs = Shape(0).ToArray(); var os = ys.ToArray();
                if (xs.Length == 3)
                {
                    xs = new[] { xs[0], xs[1], 1, xs[2] }; os = new[] { os[0], os[1], 1, os[2] };
                    a = a with { KernelShape = new[] { 1, a.KernelShape[0] }, Strides = new[] { 1, a.Strides[0] }, Dilations = new[] { 1, a.Dilations[0] }, Pads = new[] { 0, a.Pads[0], 0, a.Pads[1] } };
                }
                if (xs.Length != 4) throw Fail(g, node, "only 1-D and 2-D pooling is supported");
                IntegerOps.Pool(In(0), xs, a, node.Op == OpKind.MaxPool, y, os);
                return y;
            }
            case OpKind.Trilu:
                IntegerOps.Trilu(In(0), Shape(0).ToArray(), (TriluAttributes)node.Attributes, y);
                return y;
            case OpKind.Pad:
            {
                var a = (PadAttributes)node.Attributes;
                Reindexing.Pad<long>(In(0), Shape(0), a.Pads, (long)FixedPoint.Quantize(a.Value, Scale(0)), ys, y);
                return y;
            }
            case OpKind.Concat:
            {
                int sc = outInfo.Scale!.Value;
                var parts = node.Inputs.Select((_, i) => Shifted(In(i), sc - Scale(i))).ToList();
                Reindexing.Concat(parts, node.Inputs.Select(i => g[i].Shape).ToList(), ((AxisAttributes)node.Attributes).Axis, y);
                return y;
            }
            case OpKind.Reshape:
            case OpKind.Flatten:
            case OpKind.Identity:
                In(0).CopyTo(y, 0);
                return y;
            case OpKind.Transpose:
                Reindexing.Transpose<long>(In(0), Shape(0), ((TransposeAttributes)node.Attributes).Perm, y);
                return y;
            case OpKind.Slice:
                Reindexing.Slice<long>(In(0), Shape(0), (SliceAttributes)node.Attributes, ys, y);
                return y;
            case OpKind.Gather:
                Reindexing.Gather<long>(In(0), Shape(0), In(1), ((AxisAttributes)node.Attributes).Axis, y);
                return y;
            case OpKind.GatherElements:
                Reindexing.GatherElements<long>(In(0), Shape(0), In(1), ys, ((AxisAttributes)node.Attributes).Axis, y);
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

    private static long[] Shifted(long[] x, int shift)
    {
        if (shift == 0) return x;
        var y = new long[x.Length];
        long m = 1L << shift;
        for (int i = 0; i < x.Length; i++) y[i] = checked(x[i] * m);
        return y;
    }

    private static long[] Transposed(long[] x, TensorShape s)
    {
        var y = new long[x.Length];
        Reindexing.Transpose<long>(x, s, new[] { 1, 0 }, y);
        return y;
    }

    private static void AddBroadcast(long[] y, TensorShape ys, long[] c, TensorShape cs)
    {
        var map = Broadcasting.SourceIndex(cs, ys);
        for (int i = 0; i < y.Length; i++) y[i] = checked(y[i] + c[map[i]]);
    }

    // Element-wise with broadcasting; operands are first shifted left to the common scale sc (when sc > 0).
    private static void Binary(long[] a, TensorShape sa, int scaleA, long[] b, TensorShape sb, int scaleB, int sc, long[] y, TensorShape ys, Func<long, long, long> f)
    {
        int shA = sc - scaleA, shB = sc - scaleB;
        if (sc == 0) shA = shB = 0;
        var ia = sa.Equals(ys) ? null : Broadcasting.SourceIndex(sa, ys);
        var ib = sb.Equals(ys) ? null : Broadcasting.SourceIndex(sb, ys);
        long ma = 1L << shA, mb = 1L << shB;
        for (int i = 0; i < y.Length; i++)
        {
            long p = a[ia is null ? i : ia[i]], q = b[ib is null ? i : ib[i]];
            y[i] = f(checked(p * ma), checked(q * mb));
        }
    }

    private static void MatMul(long[] a, TensorShape sa, long[] b, TensorShape sb, long[] y, TensorShape ys)
    {
        var ad = sa.Rank == 1 ? new[] { 1, sa[0] } : sa.ToArray();
        var bd = sb.Rank == 1 ? new[] { sb[0], 1 } : sb.ToArray();
        int m = ad[^2], k = ad[^1], n = bd[^1];
        var batchA = new TensorShape(ad[..^2]); var batchB = new TensorShape(bd[..^2]);
        var batch = Broadcasting.Shape(batchA, batchB)!;
        var mapA = Broadcasting.SourceIndex(batchA, batch); var mapB = Broadcasting.SourceIndex(batchB, batch);
        var bT = new long[k * n];
        var tmp = new long[m * n];
        for (int p = 0; p < batch.Size; p++)
        {
            Reindexing.Transpose<long>(b.AsSpan(mapB[p] * k * n, k * n), new TensorShape(k, n), new[] { 1, 0 }, bT);
            IntegerOps.MatMul(a.AsSpan(mapA[p] * m * k, m * k), bT, m, k, n, tmp);
            tmp.CopyTo(y, p * m * n);
        }
    }
}

using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// The float reference: runs a real-valued graph (as <see cref="Import.Onnx.OnnxImporter"/> produces it) in double
/// precision with ONNX's float semantics, the model the quantized run approximates. Integer constants of a quantized
/// graph are read as their real values (v / 2^scale), so Rescale is the identity here. zkml layers have their own
/// float model (<see cref="Import.Msgpack.ZkmlFloatEvaluator"/>) and are refused.
/// </summary>
public static class FloatExecutor
{
    /// <summary>Runs the graph on real inputs (flattened, one array per graph input); returns the graph outputs in order.</summary>
    public static double[][] Run(ModelGraph graph, IReadOnlyList<float[]> inputs) =>
        Run(graph, inputs.Select(x => Array.ConvertAll(x, v => (double)v)).ToList());

    /// <summary>Runs the graph on real inputs; returns the graph outputs in order.</summary>
    public static double[][] Run(ModelGraph graph, IReadOnlyList<double[]> inputs)
    {
        var v = RunAll(graph, inputs);
        return graph.Outputs.Select(o => v[o]).ToArray();
    }

    /// <summary>Every edge's real values (inputs, constants and node outputs), row-major in its shape.</summary>
    public static IReadOnlyDictionary<string, double[]> RunAll(ModelGraph g, IReadOnlyList<double[]> inputs)
    {
        ExecutorInputs.Check(g, inputs);
        var v = new Dictionary<string, double[]>();
        for (int i = 0; i < inputs.Count; i++) v[g.Inputs[i]] = inputs[i];
        foreach (var (name, t) in g.Constants) v[name] = t.Data;
        foreach (var (name, t) in g.FixedConstants)
            v[name] = Array.ConvertAll(t.Data, x => FixedPoint.Dequantize(x, g[name].Scale ?? 0));
        foreach (var node in g.Nodes)
        {
            var outInfo = g[node.Outputs[0]];
            v[outInfo.Name] = Execute(g, node, v, outInfo.Shape);
        }
        return v;
    }

    private static double[] Execute(ModelGraph g, Node node, Dictionary<string, double[]> v, TensorShape ys)
    {
        double[] In(int i) => v[node.Inputs[i]];
        TensorShape Shape(int i) => g[node.Inputs[i]].Shape;
        var y = new double[ys.Size];
        switch (node.Op)
        {
            case OpKind.Gemm:
            {
                // Y = alpha · op(A) · op(B) + beta · C
                var a = (GemmAttributes)node.Attributes;
                var sa = Shape(0);
                int m = ys[0], n = ys[1], k = a.TransA ? sa[0] : sa[1];
                double[] aa = a.TransA ? TensorKernels.Transposed2D(In(0), sa) : In(0);
                double[] bT = a.TransB ? In(1) : TensorKernels.Transposed2D(In(1), Shape(1));
                MatMul(aa, bT, m, k, n, y);
                for (int i = 0; i < y.Length; i++) y[i] *= a.Alpha;
                if (node.Inputs.Count > 2) TensorKernels.Broadcast(y, ys, In(2), Shape(2), y, ys, (p, c) => p + a.Beta * c);
                return y;
            }
            case OpKind.MatMul:
                TensorKernels.BatchedMatMul(In(0), Shape(0), In(1), Shape(1), y, MatMul);
                return y;
            case OpKind.Conv:
            case OpKind.ConvTranspose:
                TensorKernels.Convolution(node, In(0), Shape(0), In(1), Shape(1), node.Inputs.Count > 2 ? In(2) : null, y, ys, TensorKernels.ConvDirect);
                return y;
            case OpKind.Add: case OpKind.Sub: case OpKind.Mul: case OpKind.Div: case OpKind.Max: case OpKind.Min:
            case OpKind.PRelu: case OpKind.Less: case OpKind.Greater: case OpKind.Equal:
                TensorKernels.Broadcast(In(0), Shape(0), In(1), Shape(1), y, ys, node.Op switch
                {
                    OpKind.Add => (p, q) => p + q,
                    OpKind.Sub => (p, q) => p - q,
                    OpKind.Mul => (p, q) => p * q,
                    OpKind.Div => (p, q) => p / q,
                    OpKind.Max => Math.Max,
                    OpKind.Min => Math.Min,
                    OpKind.PRelu => (p, slope) => p >= 0 ? p : p * slope,
                    OpKind.Less => (p, q) => p < q ? 1 : 0,
                    OpKind.Greater => (p, q) => p > q ? 1 : 0,
                    _ => (p, q) => p == q ? 1 : 0,
                });
                return y;
            case OpKind.Where:
                TensorKernels.Where(In(0), Shape(0), In(1), Shape(1), In(2), Shape(2), y, ys);
                return y;
            case OpKind.Neg: return Map(In(0), y, p => -p);
            case OpKind.Relu: return Map(In(0), y, p => Math.Max(p, 0));
            case OpKind.Abs: return Map(In(0), y, Math.Abs);
            case OpKind.Clip:
            {
                // ONNX: min(max(x, min), max), so max wins when the bounds cross.
                var a = (ClipAttributes)node.Attributes;
                return Map(In(0), y, p => Math.Min(Math.Max(p, a.Min), a.Max));
            }
            case OpKind.LeakyRelu: case OpKind.Sigmoid: case OpKind.HardSigmoid: case OpKind.Tanh: case OpKind.Erf:
            case OpKind.Softplus: case OpKind.Exp: case OpKind.Sqrt: case OpKind.Pow: case OpKind.Reciprocal: case OpKind.Log:
                return Map(In(0), y, RealFunctions.Of(node));
            case OpKind.Softmax:
                Softmax(In(0), Shape(0).ToArray(), ((AxisAttributes)node.Attributes).Axis, y);
                return y;
            case OpKind.ReduceMean: case OpKind.ReduceSum: case OpKind.ReduceMax: case OpKind.ArgMax:
            case OpKind.AveragePool: case OpKind.MaxPool: case OpKind.Trilu:
                // Averages divide exactly.
                TensorKernels.Reduction(node, In(0), Shape(0), (sum, count) => sum / count, double.NegativeInfinity, y, ys);
                return y;
            case OpKind.Pad:
            {
                var a = (PadAttributes)node.Attributes;
                Reindexing.Pad<double>(In(0), Shape(0), a.Pads, a.Value, ys, y);
                return y;
            }
            case OpKind.Concat:
                Reindexing.Concat(node.Inputs.Select((_, i) => In(i)).ToList(), node.Inputs.Select(i => g[i].Shape).ToList(), ((AxisAttributes)node.Attributes).Axis, y);
                return y;
            case OpKind.Reshape: case OpKind.Flatten: case OpKind.Identity: case OpKind.Transpose: case OpKind.Slice:
            case OpKind.Gather: case OpKind.GatherElements: case OpKind.Expand:
                Reindexing.Apply(node, In(0), Shape(0), node.Inputs.Count > 1 ? Array.ConvertAll(In(1), v => (long)v) : null, ys, y);
                return y;
            case OpKind.Rescale:
                return Map(In(0), y, p => p);
            case OpKind.Cast:
                // To an integer type: truncation toward zero, as ONNX casts; to a real type: unchanged.
                return ((CastAttributes)node.Attributes).ToInteger ? Map(In(0), y, Math.Truncate) : Map(In(0), y, p => p);
            default:
                throw Fail(g, node, "has no float rule");
        }
    }

    private static ModelExecutionException Fail(ModelGraph g, Node n, string what) => new($"model '{g.Name}', node '{n.Name}' ({n.Op}): {what}");

    private static double[] Map(double[] x, double[] y, Func<double, double> f)
    {
        for (int i = 0; i < y.Length; i++) y[i] = f(x[i]);
        return y;
    }

    // y[m,n] = Σ_k a[m,k]·b[k,n]; a is M×K, bT is N×K (B transposed).
    private static void MatMul(double[] a, double[] bT, int m, int k, int n, double[] y)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                y[i * n + j] = System.Numerics.Tensors.TensorPrimitives.Dot<double>(a.AsSpan(i * k, k), bT.AsSpan(j * k, k));
    }

    // exp(x − max) / Σ exp(x − max) along one axis.
    private static void Softmax(double[] x, int[] xs, int axis, double[] y)
    {
        int outer = 1, inner = 1, n = xs[axis];
        for (int i = 0; i < axis; i++) outer *= xs[i];
        for (int i = axis + 1; i < xs.Length; i++) inner *= xs[i];
        for (int a = 0; a < outer; a++)
            for (int b = 0; b < inner; b++)
            {
                int baseIdx = a * n * inner + b;
                double m = double.NegativeInfinity, sum = 0;
                for (int i = 0; i < n; i++) m = Math.Max(m, x[baseIdx + i * inner]);
                for (int i = 0; i < n; i++) sum += y[baseIdx + i * inner] = Math.Exp(x[baseIdx + i * inner] - m);
                for (int i = 0; i < n; i++) y[baseIdx + i * inner] /= sum;
            }
    }
}

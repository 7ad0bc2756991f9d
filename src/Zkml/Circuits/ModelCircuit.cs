using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// A quantized model as one PLONKish circuit: shared columns (<see cref="LayerColumns"/>), one region per node
/// named "node (op)", the model inputs in instance column "input" and the outputs in "output". Without inputs it
/// lays out the shape only (keygen); with inputs the witness is the integer executor's activations.
/// Reshape, Flatten and Identity take no rows: their output cells are the input cells in row-major order.
/// </summary>
public sealed class ModelCircuit : ICircuit
{
    private readonly QuantizedModel _model;
    private readonly LayerColumns _cols;
    private readonly DotProductChip _dot;
    private readonly RescaleChip _rescale;
    private readonly ReluChip _relu;
    private readonly LinearChip _linear;
    private readonly Column _input, _output;

    public ModelCircuit(QuantizedModel model, IReadOnlyList<long[]>? inputs = null)
    {
        _model = model;
        var g = model.Graph;
        if (model.Settings.MaxValueBits > LayerColumns.ValueBits)
            throw new ModelFormatException($"model '{g.Name}': maxValueBits {model.Settings.MaxValueBits} exceeds the {LayerColumns.ValueBits} bits the circuit's range checks cover");
        foreach (var node in g.Nodes) CheckSupported(g, node);

        var cs = new ConstraintSystem();
        _cols = new LayerColumns(cs);
        _dot = new DotProductChip(cs, _cols);
        _rescale = new RescaleChip(cs, _cols);
        _relu = new ReluChip(cs, _cols);
        _linear = new LinearChip(cs, _cols);
        _input = cs.InstanceColumn("input");
        _output = cs.InstanceColumn("output");
        cs.EnableEquality(_input);
        cs.EnableEquality(_output);
        ConstraintSystem = cs;
        if (inputs is not null) Activations = IntegerExecutor.Run(model, inputs);
    }

    public ConstraintSystem ConstraintSystem { get; }

    internal LayerColumns Columns => _cols;

    /// <summary>The witness (null for a shape-only circuit).</summary>
    public Activations? Activations { get; }

    /// <summary>Runs after each node's region is laid out (tests overwrite cells there to play a dishonest prover).</summary>
    internal Action<CircuitBuilder, Node, RegionInfo>? AfterNode { get; init; }

    /// <summary>The public inputs a verifier is given: the model inputs, then the outputs.</summary>
    public Fr[][] PublicInputs()
    {
        var a = Activations ?? throw new InvalidOperationException("a shape-only circuit has no public inputs");
        var g = _model.Graph;
        return
        [
            g.Inputs.SelectMany(e => a[e].Data).Select(Fr.FromInt64).ToArray(),
            g.Outputs.SelectMany(e => a[e].Data).Select(Fr.FromInt64).ToArray(),
        ];
    }

    public void Synthesize(CircuitBuilder b)
    {
        var g = _model.Graph;
        _cols.LoadTable(b);
        var cells = new Dictionary<string, AssignedCell[]>();
        var vals = new Dictionary<string, long[]>();
        foreach (string e in g.Inputs)
        {
            long[] v = Activations?[e].Data ?? new long[g[e].Shape.Size];
            cells[e] = v.Select(x => b.AddPublicInput(_input, Fr.FromInt64(x))).ToArray();
            vals[e] = v;
        }
        foreach (var node in g.Nodes)
        {
            string outEdge = node.Outputs[0];
            var ys = g[outEdge].Shape;
            if (node.Op is OpKind.Reshape or OpKind.Flatten or OpKind.Identity
                || node.Op == OpKind.Rescale && ((RescaleAttributes)node.Attributes).Shift == 0)
            {
                cells[outEdge] = cells[node.Inputs[0]];
                vals[outEdge] = vals[node.Inputs[0]];
                continue;
            }
            var region = b.Region($"{node.Name} ({node.Op})", RowsOf(g, node));
            var (yc, yv) = node.Op switch
            {
                OpKind.Gemm or OpKind.MatMul => Dot(g, node, region, cells, vals),
                OpKind.Rescale => PerElement(ys.Size, (i, r) => _rescale.Rescale(region, r, cells[node.Inputs[0]][i], vals[node.Inputs[0]][i], ((RescaleAttributes)node.Attributes).Shift)),
                OpKind.Relu => PerElement(ys.Size, (i, r) => _relu.Relu(region, r, cells[node.Inputs[0]][i], vals[node.Inputs[0]][i])),
                _ => Combine(g, node, region, cells, vals),
            };
            cells[outEdge] = yc;
            vals[outEdge] = yv;
            AfterNode?.Invoke(b, node, region.Info);
        }
        foreach (string e in g.Outputs)
            foreach (var c in cells[e])
                b.ConstrainEqual(c.Cell, b.AddPublicInput(_output, c.Value).Cell);
    }

    private static (AssignedCell[], long[]) PerElement(int n, Func<int, int, (AssignedCell Y, long Value)> one)
    {
        var yc = new AssignedCell[n];
        var yv = new long[n];
        for (int i = 0; i < n; i++) (yc[i], yv[i]) = one(i, i);
        return (yc, yv);
    }

    /// <summary>Gemm (no transposed A) and MatMul with a constant 2-D right operand: one dot product per output.</summary>
    private (AssignedCell[], long[]) Dot(ModelGraph g, Node node, Region region, Dictionary<string, AssignedCell[]> cells, Dictionary<string, long[]> vals)
    {
        var (m, k, n, weight) = DotLayout(g, node);
        var x = cells[node.Inputs[0]];
        var xv = vals[node.Inputs[0]];
        var ys = g[node.Outputs[0]].Shape;
        long[]? bias = null;
        int[]? biasIndex = null;
        if (node.Op == OpKind.Gemm && node.Inputs.Count > 2)
        {
            bias = g.FixedConstants[node.Inputs[2]].Data;
            biasIndex = Broadcasting.SourceIndex(g[node.Inputs[2]].Shape, ys);
        }
        int rows = DotProductChip.RowsFor(k);
        var yc = new AssignedCell[m * n];
        var yv = new long[m * n];
        var w = new Fr[k];
        var row = new AssignedCell[k];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                int o = i * n + j;
                long acc = bias?[biasIndex![o]] ?? 0;
                for (int t = 0; t < k; t++)
                {
                    long wt = weight(t, j);
                    w[t] = Fr.FromInt64(wt);
                    row[t] = x[i * k + t];
                    acc = checked(acc + xv[i * k + t] * wt);
                }
                yc[o] = _dot.Dot(region, o * rows, row, w, Fr.FromInt64(bias?[biasIndex![o]] ?? 0));
                yv[o] = acc;
            }
        return (yc, yv);
    }

    private static (int M, int K, int N, Func<int, int, long> Weight) DotLayout(ModelGraph g, Node node)
    {
        var sa = g[node.Inputs[0]].Shape;
        var sb = g[node.Inputs[1]].Shape;
        long[] wd = g.FixedConstants[node.Inputs[1]].Data;
        if (node.Op == OpKind.Gemm)
        {
            bool tb = ((GemmAttributes)node.Attributes).TransB;
            int kk = sa[1], nn = tb ? sb[0] : sb[1];
            return (sa[0], kk, nn, tb ? (t, j) => wd[j * kk + t] : (t, j) => wd[t * nn + j]);
        }
        int k = sa[sa.Rank - 1], n = sb[1];
        return (sa.Size / k, k, n, (t, j) => wd[t * n + j]);
    }

    /// <summary>Add and Sub: activations shifted to the common scale, constants folded into the constant term.</summary>
    private (AssignedCell[], long[]) Combine(ModelGraph g, Node node, Region region, Dictionary<string, AssignedCell[]> cells, Dictionary<string, long[]> vals)
    {
        var ys = g[node.Outputs[0]].Shape;
        int sc = g[node.Outputs[0]].Scale!.Value;
        var idx = node.Inputs.Select(e => Broadcasting.SourceIndex(g[e].Shape, ys)).ToArray();
        var mult = node.Inputs.Select((e, i) => (i == 1 && node.Op == OpKind.Sub ? -1L : 1L) << (sc - g[e].Scale!.Value)).ToArray();
        bool[] isConst = node.Inputs.Select(g.IsConstant).ToArray();
        var yc = new AssignedCell[ys.Size];
        var yv = new long[ys.Size];
        for (int o = 0; o < ys.Size; o++)
        {
            var ops = new List<(AssignedCell Cell, long M)>();
            long c = 0, y = 0;
            for (int i = 0; i < 2; i++)
            {
                long v = isConst[i] ? g.FixedConstants[node.Inputs[i]].Data[idx[i][o]] : vals[node.Inputs[i]][idx[i][o]];
                y = checked(y + mult[i] * v);
                if (isConst[i]) c = checked(c + mult[i] * v);
                else ops.Add((cells[node.Inputs[i]][idx[i][o]], mult[i]));
            }
            yc[o] = ops.Count == 2
                ? _linear.Combine(region, o, ops[0].Cell, ops[0].M, ops[1].Cell, ops[1].M, c)
                : _linear.Combine(region, o, ops[0].Cell, ops[0].M, null, 0, c);
            yv[o] = y;
        }
        return (yc, yv);
    }

    private static int RowsOf(ModelGraph g, Node node)
    {
        if (node.Op is OpKind.Gemm or OpKind.MatMul)
        {
            var (m, k, n, _) = DotLayout(g, node);
            return m * n * DotProductChip.RowsFor(k);
        }
        return g[node.Outputs[0]].Shape.Size;
    }

    private static void CheckSupported(ModelGraph g, Node node)
    {
        string? why = node.Op switch
        {
            OpKind.Reshape or OpKind.Flatten or OpKind.Identity or OpKind.Relu => null,
            OpKind.Rescale => ((RescaleAttributes)node.Attributes).Shift > RescaleChip.MaxShift ? $"a rescale by more than 2^{RescaleChip.MaxShift} has no circuit yet" : null,
            OpKind.Gemm => ((GemmAttributes)node.Attributes).TransA ? "Gemm with transA has no circuit yet"
                : !g.FixedConstants.ContainsKey(node.Inputs[1]) ? "Gemm needs constant weights (B)"
                : g.IsConstant(node.Inputs[0]) ? "Gemm needs an activation as A"
                : node.Inputs.Count > 2 && !g.FixedConstants.ContainsKey(node.Inputs[2]) ? "Gemm needs a constant bias (C)" : null,
            OpKind.MatMul => !g.FixedConstants.ContainsKey(node.Inputs[1]) || g[node.Inputs[1]].Shape.Rank != 2 || g.IsConstant(node.Inputs[0])
                ? "MatMul needs an activation times a constant 2-D matrix" : null,
            OpKind.Add or OpKind.Sub => node.Inputs.All(g.IsConstant) ? "both operands are constants"
                : node.Inputs.Any(e => g.IsConstant(e) && !g.FixedConstants.ContainsKey(e)) ? "a constant operand is not quantized" : null,
            _ => "this op has no circuit yet",
        };
        if (why is not null) throw new ModelFormatException($"model '{g.Name}', node '{node.Name}' ({node.Op}): {why}");
    }
}

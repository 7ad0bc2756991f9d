using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// max(a, c) or min(a, c) of two values, one row: d = a − c in c0, sign-decomposed (s = [a &lt; c] in c2), a in c1,
/// c in c3, the result in acc. Gates "max": d = a − c and m = a − s·d; "min": d = a − c and m = c + s·d.
/// Lays out the two-input Max and Min ops; pooling, reductions, ArgMax and Softmax chain <see cref="Pair"/>.
/// </summary>
/// <remarks>|a|, |c| &lt; 2^47 (the circuit's maxValueBits bound), so |d| &lt; 2^48 is within the decomposition and s is exactly [a &lt; c].</remarks>
public sealed class MaxChip : ILayerChip
{
    private readonly LayerColumns _cols;
    private readonly Selector _max, _min;

    public MaxChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _max = cs.Selector("max.q");
        _min = cs.Selector("min.q");
        Expression d = cols.C[0].Cur, a = cols.C[1].Cur, c = cols.C[3].Cur, s = cols.C[2].Cur, m = cols.Acc.Cur;
        cs.CreateGate("max",
            new Constraint("max: d = a − c", _max * (d - a + c)),
            new Constraint("max: m = a − [a < c]·d", _max * (m - a + s * d)));
        cs.CreateGate("min",
            new Constraint("min: d = a − c", _min * (d - a + c)),
            new Constraint("min: m = c + [a < c]·d", _min * (m - c - s * d)));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Max, OpKind.Min];

    public string? Unsupported(ModelGraph g, Node node) =>
        node.Inputs.Count != 2 ? "Max and Min take exactly two inputs"
        : node.Inputs.All(g.IsConstant) ? "both operands are constants"
        : node.Inputs.Any(e => !g.IsConstant(e) && g[e].Scale != g[node.Outputs[0]].Scale) ? "activation operands at different scales have no circuit yet"
        : null;

    public int Rows(ModelGraph graph, Node node) => graph[node.Outputs[0]].Shape.Size;

    /// <summary>Both operands shifted to the output scale (constants through constant cells), then one pair per element.</summary>
    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var ys = g[node.Outputs[0]].Shape;
        int sc = g[node.Outputs[0]].Scale!.Value;
        var a = Operand(context, node, 0, sc);
        var c = Operand(context, node, 1, sc);
        var ai = Broadcasting.SourceIndex(g[node.Inputs[0]].Shape, ys);
        var ci = Broadcasting.SourceIndex(g[node.Inputs[1]].Shape, ys);
        bool min = node.Op == OpKind.Min;
        return DivChip.Map(ys.Size, o => Pair(region!, o, a.Cells[ai[o]], a.Values[ai[o]], c.Cells[ci[o]], c.Values[ci[o]], min));
    }

    private static LayerValue Operand(LayerContext context, Node node, int i, int scale)
    {
        var g = context.Graph;
        if (!g.IsConstant(node.Inputs[i])) return context.Input(node, i);
        int shift = scale - g[node.Inputs[i]].Scale!.Value;
        long[] data = g.FixedConstants[node.Inputs[i]].Data.Select(v => checked(v << shift)).ToArray();
        return new LayerValue(data.Select(context.ConstantCell).ToArray(), data);
    }

    /// <summary>max(a, c) (or min) at one row.</summary>
    public (AssignedCell Y, long Value) Pair(Region region, int offset, AssignedCell a, long av, AssignedCell c, long cv, bool min = false)
    {
        region.Enable(min ? _min : _max, offset);
        long d = checked(av - cv);
        region.Copy(a, _cols.C[1], offset);
        region.Copy(c, _cols.C[3], offset);
        region.Assign(_cols.C[0], offset, Fr.FromInt64(d));
        _cols.Decompose(region, 0, offset, d);
        long m = min ? Math.Min(av, cv) : Math.Max(av, cv);
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(m)), m);
    }

    /// <summary>The maximum (or minimum) of n ≥ 1 cells: n − 1 rows from <paramref name="offset"/>, a running pair chain.</summary>
    public (AssignedCell Y, long Value) Reduce(Region region, int offset, IReadOnlyList<AssignedCell> cells, IReadOnlyList<long> values, bool min = false)
    {
        var (m, mv) = (cells[0], values[0]);
        for (int i = 1; i < cells.Count; i++) (m, mv) = Pair(region, offset + i - 1, m, mv, cells[i], values[i], min);
        return (m, mv);
    }
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// y = m0·a + m1·b + c with constant multipliers and constant term, one row per element: Add and Sub of two
/// activations at their common scale (m = ±2^shift), or an activation plus a constant (bias: m1 = 0, c in f4);
/// Neg is m0 = −1.
/// Gate "linear": q·(acc − f0·c0 − f1·c1 − f4) = 0.
/// </summary>
public sealed class LinearChip : ILayerChip
{
    private readonly LayerColumns _cols;
    private readonly Selector _q;

    public LinearChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _q = cs.Selector("linear.q");
        cs.CreateGate("linear", new Constraint("linear: y = m0·a + m1·b + c",
            _q * (cols.Acc.Cur - cols.F[0].Cur * cols.C[0].Cur - cols.F[1].Cur * cols.C[1].Cur - cols.F[4].Cur)));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Add, OpKind.Sub, OpKind.Neg];

    public string? Unsupported(ModelGraph g, Node node) =>
        node.Inputs.All(g.IsConstant) ? "both operands are constants"
        : node.Inputs.Any(e => g.IsConstant(e) && !g.FixedConstants.ContainsKey(e)) ? "a constant operand is not quantized" : null;

    public int Rows(ModelGraph graph, Node node) => graph[node.Outputs[0]].Shape.Size;

    /// <summary>Add and Sub: activations shifted to the common scale, constants folded into the constant term.</summary>
    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        if (node.Op == OpKind.Neg)
        {
            var x = context.Input(node, 0);
            return DivChip.Map(x.Length, i => (Combine(region!, i, x.Cells[i], -1, null, 0, 0), -x.Values[i]));
        }
        var g = context.Graph;
        var ys = g[node.Outputs[0]].Shape;
        int sc = g[node.Outputs[0]].Scale!.Value;
        var idx = node.Inputs.Select(e => Broadcasting.SourceIndex(g[e].Shape, ys)).ToArray();
        var mult = node.Inputs.Select((e, i) => (i == 1 && node.Op == OpKind.Sub ? -1L : 1L) << (sc - g[e].Scale!.Value)).ToArray();
        var operands = node.Inputs.Select((e, i) => g.IsConstant(e) ? null : context.Input(node, i)).ToArray();
        var yc = new AssignedCell[ys.Size];
        var yv = new long[ys.Size];
        var active = new List<(AssignedCell Cell, long M)>(2);
        for (int o = 0; o < ys.Size; o++)
        {
            active.Clear();
            long c = 0, y = 0;
            for (int i = 0; i < 2; i++)
            {
                long v = operands[i] is { } a ? a.Values[idx[i][o]] : g.FixedConstants[node.Inputs[i]].Data[idx[i][o]];
                y = checked(y + mult[i] * v);
                if (operands[i] is { } op) active.Add((op.Cells[idx[i][o]], mult[i]));
                else c = checked(c + mult[i] * v);
            }
            yc[o] = active.Count == 2
                ? Combine(region!, o, active[0].Cell, active[0].M, active[1].Cell, active[1].M, c)
                : Combine(region!, o, active[0].Cell, active[0].M, null, 0, c);
            yv[o] = y;
        }
        return new LayerValue(yc, yv);
    }

    /// <summary>One element; <paramref name="b"/> null when the second operand is the constant <paramref name="c"/>.</summary>
    public AssignedCell Combine(Region region, int offset, AssignedCell a, long m0, AssignedCell? b, long m1, long c)
    {
        region.Enable(_q, offset);
        region.Copy(a, _cols.C[0], offset);
        Fr y = Fr.FromInt64(m0) * a.Value + Fr.FromInt64(c);
        if (b is { } bc)
        {
            region.Copy(bc, _cols.C[1], offset);
            y += Fr.FromInt64(m1) * bc.Value;
        }
        else
        {
            region.Assign(_cols.C[1], offset, Fr.Zero);
            m1 = 0;
        }
        region.Assign(_cols.F[0], offset, Fr.FromInt64(m0));
        region.Assign(_cols.F[1], offset, Fr.FromInt64(m1));
        region.Assign(_cols.F[4], offset, Fr.FromInt64(c));
        return region.Assign(_cols.Acc, offset, y);
    }
}

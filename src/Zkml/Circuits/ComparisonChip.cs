using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Less, Greater and Equal, one row per element, output 0 or 1 at scale 0. Operands (activations, or constants in
/// constant cells) are in c1 and c3 with multipliers f0, f1 that shift them to the common scale, as the executor
/// does; gate "cmp.diff": d = f0·c1 − f1·c3 in c0.
/// Less (a &lt; b) and Greater (b &lt; a, operands swapped): d is sign-decomposed and the output is its sign bit c2.
/// Equal: gate "cmp.eq" with a free inverse w in c2 and e in acc: d·w = 1 − e and d·e = 0.
/// </summary>
/// <remarks>
/// |a|, |b| &lt; 2^47 and the shifts are at most 2^16, so the field d is the integer difference (below 2^64, far
/// below r). The decomposition proves its sign bit is exactly [d &lt; 0]; it admits only |d| &lt; 2^48, so an honest
/// witness whose shifted difference reaches 2^48 has no proof (the mock prover names the row) — never a false one.
/// Equal: if d ≠ 0, d·e = 0 forces e = 0; if d = 0, e = 1 − 0·w = 1.
/// </remarks>
public sealed class ComparisonChip : ILayerChip
{
    public const int MaxShift = 16;
    private readonly LayerColumns _cols;
    private readonly Selector _diff, _eq;

    public ComparisonChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _diff = cs.Selector("cmp.diff.q");
        _eq = cs.Selector("cmp.eq.q");
        Expression d = cols.C[0].Cur, e = cols.Acc.Cur;
        cs.CreateGate("cmp.diff", new Constraint("cmp: d = f0·a − f1·b",
            _diff * (d - cols.F[0].Cur * cols.C[1].Cur + cols.F[1].Cur * cols.C[3].Cur)));
        cs.CreateGate("cmp.eq",
            new Constraint("cmp.eq: d·w = 1 − e", _eq * (d * cols.C[2].Cur - Expression.Constant(Fr.One) + e)),
            new Constraint("cmp.eq: d·e = 0", _eq * d * e));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Less, OpKind.Greater, OpKind.Equal];

    public string? Unsupported(ModelGraph g, Node node) =>
        node.Inputs.All(g.IsConstant) ? "both operands are constants"
        : node.Inputs.Any(e => g.IsConstant(e) && !g.FixedConstants.ContainsKey(e)) ? "a constant operand is not quantized"
        : node.Inputs.Any(e => CommonScale(g, node) - g[e].Scale!.Value > MaxShift) ? $"operands' scales differ by more than {MaxShift}"
        : null;

    private static int CommonScale(ModelGraph g, Node node) => Math.Max(g[node.Inputs[0]].Scale!.Value, g[node.Inputs[1]].Scale!.Value);

    public int Rows(ModelGraph graph, Node node) => graph[node.Outputs[0]].Shape.Size;

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var ys = g[node.Outputs[0]].Shape;
        int sc = CommonScale(g, node);
        var ops = Enumerable.Range(0, 2).Select(i => context.InputOrConstant(node, i)).ToArray();
        var idx = node.Inputs.Select(e => Broadcasting.SourceIndex(g[e].Shape, ys)).ToArray();
        var mult = node.Inputs.Select(e => 1L << (sc - g[e].Scale!.Value)).ToArray();
        // Greater(a, b) is Less(b, a).
        int l = node.Op == OpKind.Greater ? 1 : 0, r = 1 - l;
        return DivChip.Map(ys.Size, o =>
        {
            int li = idx[l][o], ri = idx[r][o];
            return node.Op == OpKind.Equal
                ? Equal(region!, o, ops[l].Cells[li], ops[l].Values[li], mult[l], ops[r].Cells[ri], ops[r].Values[ri], mult[r])
                : Less(region!, o, ops[l].Cells[li], ops[l].Values[li], mult[l], ops[r].Cells[ri], ops[r].Values[ri], mult[r]);
        });
    }

    private long Difference(Region region, int offset, AssignedCell a, long av, long ma, AssignedCell b, long bv, long mb)
    {
        region.Enable(_diff, offset);
        region.Copy(a, _cols.C[1], offset);
        region.Copy(b, _cols.C[3], offset);
        region.Assign(_cols.F[0], offset, Fr.FromInt64(ma));
        region.Assign(_cols.F[1], offset, Fr.FromInt64(mb));
        long d = checked(av * ma - bv * mb);
        region.Assign(_cols.C[0], offset, Fr.FromInt64(d));
        return d;
    }

    /// <summary>[ma·a &lt; mb·b] at one row: the sign bit of the difference.</summary>
    public (AssignedCell Y, long Value) Less(Region region, int offset, AssignedCell a, long av, long ma, AssignedCell b, long bv, long mb)
    {
        long d = Difference(region, offset, a, av, ma, b, bv, mb);
        _cols.Decompose(region, 0, offset, d);
        long y = d < 0 ? 1 : 0;
        // Decompose assigned the bit without returning its cell; assigning the same value again gives the cell.
        return (region.Assign(_cols.C[2], offset, Fr.FromInt64(y)), y);
    }

    /// <summary>[ma·a = mb·b] at one row.</summary>
    public (AssignedCell Y, long Value) Equal(Region region, int offset, AssignedCell a, long av, long ma, AssignedCell b, long bv, long mb)
    {
        long d = Difference(region, offset, a, av, ma, b, bv, mb);
        region.Enable(_eq, offset);
        region.Assign(_cols.C[2], offset, d == 0 ? Fr.Zero : Fr.FromInt64(d).Inverse());
        long y = d == 0 ? 1 : 0;
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(y)), y);
    }
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Ops that pick by the sign of x: Abs and PRelu. x in c0, sign-decomposed (b = [x &lt; 0] in c2), y in acc.
/// Abs, one row per element, gate "abs": y = (1 − 2b)·x.
/// PRelu, x ≥ 0 ? x : r with r = round(x·slope / 2^s_slope) (half away from zero) from
/// <see cref="DivChip.Divide"/> (2 rows; a zero slope gives r = 0 from a constant cell and no rows), then a row with
/// r in c1 and gate "prelu": y = x + b·(r − x). Three rows per element.
/// </summary>
/// <remarks>b is exactly [x &lt; 0] (the decomposition), so the prover cannot pick the other branch.</remarks>
public sealed class SignSelectChip : ILayerChip
{
    private readonly LayerColumns _cols;
    private readonly DivChip _div;
    private readonly Selector _abs, _prelu;

    public SignSelectChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _div = chips.Get<DivChip>();
        _abs = cs.Selector("abs.q");
        _prelu = cs.Selector("prelu.q");
        Expression x = cols.C[0].Cur, b = cols.C[2].Cur, y = cols.Acc.Cur;
        cs.CreateGate("abs", new Constraint("abs: y = (1 − 2b)·x", _abs * (y - x + Expression.Constant(Fr.FromInt64(2)) * b * x)));
        cs.CreateGate("prelu", new Constraint("prelu: y = x + b·(r − x)", _prelu * (y - x - b * (cols.C[1].Cur - x))));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Abs, OpKind.PRelu];

    public string? Unsupported(ModelGraph g, Node node)
    {
        if (g.IsConstant(node.Inputs[0])) return "the input is a constant (fold it at import)";
        if (node.Op == OpKind.Abs) return null;
        if (!g.FixedConstants.TryGetValue(node.Inputs[1], out var slope)) return "PRelu needs a constant slope";
        if (g[node.Inputs[1]].Scale!.Value > DivChip.MaxDivisorBits - 1) return $"a slope at scale above {DivChip.MaxDivisorBits - 1}";
        if (slope.Data.Any(q => Math.Abs(q) > 1L << DivChip.MaxMultiplierBits)) return $"a quantized slope beyond ±2^{DivChip.MaxMultiplierBits}";
        return null;
    }

    /// <summary>The slope each output element uses (broadcast).</summary>
    private static long[] Slopes(ModelGraph g, Node node)
    {
        var ys = g[node.Outputs[0]].Shape;
        long[] slope = g.FixedConstants[node.Inputs[1]].Data;
        return Broadcasting.SourceIndex(g[node.Inputs[1]].Shape, ys).Select(i => slope[i]).ToArray();
    }

    public int Rows(ModelGraph g, Node node) =>
        node.Op == OpKind.Abs ? g[node.Outputs[0]].Shape.Size : Slopes(g, node).Sum(q => q == 0 ? 1 : 1 + DivChip.RowsPerElement);

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var ys = g[node.Outputs[0]].Shape;
        var x = context.Input(node, 0);
        var xi = Broadcasting.SourceIndex(g[node.Inputs[0]].Shape, ys);
        if (node.Op == OpKind.Abs) return DivChip.Map(ys.Size, o => Abs(region!, o, x.Cells[xi[o]], x.Values[xi[o]]));
        var slopes = Slopes(g, node);
        long divisor = 1L << g[node.Inputs[1]].Scale!.Value;
        int row = 0;
        return DivChip.Map(ys.Size, o =>
        {
            var (xc, xv) = (x.Cells[xi[o]], x.Values[xi[o]]);
            var (r, rv) = slopes[o] == 0 ? (context.ConstantCell(0), 0L)
                : _div.Divide(region!, (row += DivChip.RowsPerElement) - DivChip.RowsPerElement, xc, xv, slopes[o], divisor, DivRounding.HalfAwayFromZero);
            return PRelu(region!, row++, xc, xv, r, rv);
        });
    }

    public (AssignedCell Y, long Value) Abs(Region region, int offset, AssignedCell x, long xv)
    {
        region.Enable(_abs, offset);
        region.Copy(x, _cols.C[0], offset);
        _cols.Decompose(region, 0, offset, xv);
        long y = Math.Abs(xv);
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(y)), y);
    }

    public (AssignedCell Y, long Value) PRelu(Region region, int offset, AssignedCell x, long xv, AssignedCell r, long rv)
    {
        region.Enable(_prelu, offset);
        region.Copy(x, _cols.C[0], offset);
        region.Copy(r, _cols.C[1], offset);
        _cols.Decompose(region, 0, offset, xv);
        long y = xv >= 0 ? xv : rv;
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(y)), y);
    }
}

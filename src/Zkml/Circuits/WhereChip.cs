using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Where (c ≠ 0 ? a : b, branches shifted to the output scale). An activation condition takes one row per element:
/// c in c0, a in c1, b in c3 (activations or constant cells), multipliers f0 = 2^(s − s_a), f1 = 2^(s − s_b), a free
/// inverse w in limb column v0.limb0 (a scratch cell here: no decomposition is enabled on these rows), the bit
/// t = [c ≠ 0] in c2, y in acc. Gate "where": t = c·w, c·(1 − t) = 0, y = f1·b + t·(f0·a − f1·b).
/// A constant condition is reindexing: each output is the chosen branch's cell (or a constant cell), and only
/// activations that need shifting to the output scale take a row (a <see cref="LinearChip"/> row, y = 2^k·x).
/// </summary>
/// <remarks>
/// If c ≠ 0, c·(1 − t) = 0 forces t = 1; if c = 0, t = c·w = 0. So t is exactly [c ≠ 0] (|c| &lt; 2^47, so c is zero
/// in the field only when it is the integer 0), and y is the chosen branch, shifted.
/// </remarks>
public sealed class WhereChip : ILayerChip
{
    public const int MaxShift = 16;
    private readonly LayerColumns _cols;
    private readonly LinearChip _linear;
    private readonly Selector _q;

    public WhereChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _linear = chips.Get<LinearChip>();
        _q = cs.Selector("where.q");
        Expression c = cols.C[0].Cur, t = cols.C[2].Cur, w = cols.Limb0[0].Cur;
        Expression a = cols.F[0].Cur * cols.C[1].Cur, b = cols.F[1].Cur * cols.C[3].Cur;
        cs.CreateGate("where",
            new Constraint("where: t = c·w", _q * (t - c * w)),
            new Constraint("where: c·(1 − t) = 0", _q * c * (Expression.Constant(Fr.One) - t)),
            new Constraint("where: y = t ? f0·a : f1·b", _q * (cols.Acc.Cur - b - t * (a - b))));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Where];

    public string? Unsupported(ModelGraph g, Node node)
    {
        if (node.Inputs.All(g.IsConstant)) return "all operands are constants";
        if (node.Inputs.Any(e => g.IsConstant(e) && !g.FixedConstants.ContainsKey(e))) return "a constant operand is not quantized";
        int s = g[node.Outputs[0]].Scale!.Value;
        if (node.Inputs.Skip(1).Any(e => s - g[e].Scale!.Value > MaxShift)) return $"a branch is shifted by more than {MaxShift} bits";
        return null;
    }

    public int Rows(ModelGraph g, Node node)
    {
        if (!g.IsConstant(node.Inputs[0])) return g[node.Outputs[0]].Shape.Size;
        return ConstantChoice(g, node).Count(ch => !g.IsConstant(node.Inputs[ch.Branch]) && Shift(g, node, ch.Branch) > 0);
    }

    private static int Shift(ModelGraph g, Node node, int input) => g[node.Outputs[0]].Scale!.Value - g[node.Inputs[input]].Scale!.Value;

    /// <summary>For a constant condition: the input (1 or 2) and its element each output takes.</summary>
    private static (int Branch, int Index)[] ConstantChoice(ModelGraph g, Node node)
    {
        var ys = g[node.Outputs[0]].Shape;
        long[] cond = g.FixedConstants[node.Inputs[0]].Data;
        var idx = node.Inputs.Select(e => Broadcasting.SourceIndex(g[e].Shape, ys)).ToArray();
        return Enumerable.Range(0, ys.Size).Select(o => cond[idx[0][o]] != 0 ? (1, idx[1][o]) : (2, idx[2][o])).ToArray();
    }

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var ys = g[node.Outputs[0]].Shape;
        var ops = Enumerable.Range(0, 3).Select(i => context.InputOrConstant(node, i)).ToArray();
        var mult = Enumerable.Range(0, 3).Select(i => i == 0 ? 1 : 1L << Shift(g, node, i)).ToArray();
        if (g.IsConstant(node.Inputs[0]))
        {
            var choice = ConstantChoice(g, node);
            int row = 0;
            return DivChip.Map(ys.Size, o =>
            {
                var (br, i) = choice[o];
                long v = checked(ops[br].Values[i] * mult[br]);
                if (mult[br] == 1) return (ops[br].Cells[i], v);
                if (g.IsConstant(node.Inputs[br])) return (context.ConstantCell(v), v);
                return (_linear.Combine(region!, row++, ops[br].Cells[i], mult[br], null, 0, 0), v);
            });
        }
        var idx = node.Inputs.Select(e => Broadcasting.SourceIndex(g[e].Shape, ys)).ToArray();
        return DivChip.Map(ys.Size, o => Select(region!, o, ops[0].Cells[idx[0][o]], ops[0].Values[idx[0][o]],
            ops[1].Cells[idx[1][o]], ops[1].Values[idx[1][o]], mult[1], ops[2].Cells[idx[2][o]], ops[2].Values[idx[2][o]], mult[2]));
    }

    /// <summary>c ≠ 0 ? ma·a : mb·b at one row.</summary>
    public (AssignedCell Y, long Value) Select(Region region, int offset, AssignedCell c, long cv, AssignedCell a, long av, long ma, AssignedCell b, long bv, long mb)
    {
        region.Enable(_q, offset);
        region.Copy(c, _cols.C[0], offset);
        region.Copy(a, _cols.C[1], offset);
        region.Copy(b, _cols.C[3], offset);
        region.Assign(_cols.F[0], offset, Fr.FromInt64(ma));
        region.Assign(_cols.F[1], offset, Fr.FromInt64(mb));
        region.Assign(_cols.Limb0[0], offset, cv == 0 ? Fr.Zero : Fr.FromInt64(cv).Inverse());
        region.Assign(_cols.C[2], offset, Fr.FromInt64(cv != 0 ? 1 : 0));
        long y = cv != 0 ? checked(av * ma) : checked(bv * mb);
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(y)), y);
    }
}

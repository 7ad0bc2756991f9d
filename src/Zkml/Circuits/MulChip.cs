using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Element-wise Mul with ONNX broadcasting, one row per element; the quantizer's Rescale after it divides the
/// product's scale back. Activation × activation: gate "mul": q·(acc − c0·c1) = 0. Activation × constant: gate
/// "mul.const": q·(acc − f0·c0) = 0, the constant in a fixed column (part of the verifying key).
/// </summary>
/// <remarks>
/// Both gates pin acc to the field product of cells that are copies of earlier layers' cells (or fixed), so the
/// prover chooses nothing. Those cells hold exact integers below 2^48, whose product (below 2^96) is far below r,
/// so the field product is the integer product the executor computes.
/// </remarks>
public sealed class MulChip : ILayerChip
{
    private readonly LayerColumns _cols;
    private readonly Selector _product, _scaled;

    public MulChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _product = cs.Selector("mul.q");
        _scaled = cs.Selector("mul.const.q");
        cs.CreateGate("mul", new Constraint("mul: y = a·b", _product * (cols.Acc.Cur - cols.C[0].Cur * cols.C[1].Cur)));
        cs.CreateGate("mul.const", new Constraint("mul.const: y = m·a", _scaled * (cols.Acc.Cur - cols.F[0].Cur * cols.C[0].Cur)));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Mul];

    public string? Unsupported(ModelGraph g, Node node) =>
        node.Inputs.All(g.IsConstant) ? "both operands are constants"
        : node.Inputs.Any(e => g.IsConstant(e) && !g.FixedConstants.ContainsKey(e)) ? "a constant operand is not quantized" : null;

    public int Rows(ModelGraph graph, Node node) => graph[node.Outputs[0]].Shape.Size;

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var ys = g[node.Outputs[0]].Shape;
        var ai = Broadcasting.SourceIndex(g[node.Inputs[0]].Shape, ys);
        var bi = Broadcasting.SourceIndex(g[node.Inputs[1]].Shape, ys);
        if (g.IsConstant(node.Inputs[0]) || g.IsConstant(node.Inputs[1]))
        {
            int v = g.IsConstant(node.Inputs[0]) ? 1 : 0;
            var x = context.Input(node, v);
            long[] m = g.FixedConstants[node.Inputs[1 - v]].Data;
            var (xi, mi) = v == 0 ? (ai, bi) : (bi, ai);
            return DivChip.Map(ys.Size, o => Scale(region!, o, x.Cells[xi[o]], x.Values[xi[o]], m[mi[o]]));
        }
        var a = context.Input(node, 0);
        var b = context.Input(node, 1);
        return DivChip.Map(ys.Size, o => Product(region!, o, a.Cells[ai[o]], a.Values[ai[o]], b.Cells[bi[o]], b.Values[bi[o]]));
    }

    /// <summary>a·b at one row (gate "mul").</summary>
    public (AssignedCell Y, long Value) Product(Region region, int offset, AssignedCell a, long av, AssignedCell b, long bv)
    {
        region.Enable(_product, offset);
        region.Copy(a, _cols.C[0], offset);
        region.Copy(b, _cols.C[1], offset);
        long y = checked(av * bv);
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(y)), y);
    }

    /// <summary>m·a for a constant m at one row (gate "mul.const").</summary>
    public (AssignedCell Y, long Value) Scale(Region region, int offset, AssignedCell a, long av, long m)
    {
        region.Enable(_scaled, offset);
        region.Copy(a, _cols.C[0], offset);
        region.Assign(_cols.F[0], offset, Fr.FromInt64(m));
        long y = checked(av * m);
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(y)), y);
    }
}

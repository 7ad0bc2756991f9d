using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// y = max(x, 0), one row per element: x in c0, sign-decomposed (b = [x &lt; 0] in c2), y in acc.
/// Gate "relu": q·(y − (1 − b)·x) = 0.
/// </summary>
public sealed class ReluChip : ILayerChip
{
    private readonly LayerColumns _cols;
    private readonly Selector _q;

    public ReluChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _q = cs.Selector("relu.q");
        cs.CreateGate("relu", new Constraint("relu: y = (1 − sign)·x",
            _q * (cols.Acc.Cur - (Expression.Constant(Fr.One) - cols.C[2].Cur) * cols.C[0].Cur)));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Relu];

    public string? Unsupported(ModelGraph graph, Node node) => null;

    public int Rows(ModelGraph graph, Node node) => graph[node.Outputs[0]].Shape.Size;

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var x = context.Input(node, 0);
        return DivChip.Map(x.Length, i => Relu(region!, i, x.Cells[i], x.Values[i]));
    }

    public (AssignedCell Y, long Value) Relu(Region region, int offset, AssignedCell x, long xv)
    {
        region.Enable(_q, offset);
        region.Copy(x, _cols.C[0], offset);
        _cols.Decompose(region, 0, offset, xv);
        long y = Math.Max(xv, 0);
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(y)), y);
    }
}

using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Cast, as the integer executor defines it: to a real type the value is unchanged (no rows, the input cells are the
/// output), to an integer type x / 2^s truncated toward zero (s the input's scale), laid out by
/// <see cref="DivChip.Divide"/> with <see cref="DivRounding.TowardZero"/>, two rows per element.
/// </summary>
public sealed class CastChip : ILayerChip
{
    private readonly DivChip _div;

    public CastChip(ChipSet chips) => _div = chips.Get<DivChip>();

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Cast];

    public string? Unsupported(ModelGraph g, Node node)
    {
        int shift = Shift(g, node);
        return g.IsConstant(node.Inputs[0]) ? "casting a constant (fold it at import)"
            : shift < 0 ? "a cast to a finer scale"
            : shift > DivChip.MaxDivisorBits ? $"a cast dropping more than 2^{DivChip.MaxDivisorBits}"
            : null;
    }

    public int Rows(ModelGraph g, Node node) => Shift(g, node) == 0 ? 0 : DivChip.RowsPerElement * g[node.Outputs[0]].Shape.Size;

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var x = context.Input(node, 0);
        int shift = Shift(context.Graph, node);
        if (shift == 0) return x;
        return DivChip.Map(x.Length, i => _div.Divide(region!, DivChip.RowsPerElement * i, x.Cells[i], x.Values[i], 1, 1L << shift, DivRounding.TowardZero));
    }

    /// <summary>The executor's shift: input scale minus output scale (0 for a cast to a real type).</summary>
    private static int Shift(ModelGraph g, Node node) => g[node.Inputs[0]].Scale!.Value - g[node.Outputs[0]].Scale!.Value;
}

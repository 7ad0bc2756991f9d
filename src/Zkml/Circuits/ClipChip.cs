using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Clip: y = min(max(x, lo), hi) with the executor's quantized bounds (<see cref="IntegerExecutor.ClipBounds"/>),
/// through <see cref="MaxChip.Pair"/> rows against constant cells: one row per element and finite bound. A bound
/// at or beyond ±2^47 cannot bind (every activation is inside) and takes no row.
/// </summary>
/// <remarks>Each pair row proves its result is exactly max (min) of its operands; the bounds are fixed constant cells.</remarks>
public sealed class ClipChip : ILayerChip
{
    private const long Limit = 1L << (LayerColumns.ValueBits - 1);
    private readonly MaxChip _max;

    public ClipChip(ChipSet chips) => _max = chips.Get<MaxChip>();

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Clip];

    public string? Unsupported(ModelGraph graph, Node node) =>
        graph.IsConstant(node.Inputs[0]) ? "the input is a constant (fold it at import)" : null;

    /// <summary>The bounds that can bind; null for one that cannot.</summary>
    private static (long? Lo, long? Hi) Bounds(ModelGraph g, Node node)
    {
        var (lo, hi) = IntegerExecutor.ClipBounds((ClipAttributes)node.Attributes, g[node.Inputs[0]].Scale!.Value);
        return (lo > -Limit ? lo : null, hi < Limit ? hi : null);
    }

    public int Rows(ModelGraph graph, Node node)
    {
        var (lo, hi) = Bounds(graph, node);
        return graph[node.Outputs[0]].Shape.Size * ((lo is null ? 0 : 1) + (hi is null ? 0 : 1));
    }

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var x = context.Input(node, 0);
        var (lo, hi) = Bounds(context.Graph, node);
        int row = 0;
        return DivChip.Map(x.Length, i =>
        {
            var (y, v) = (x.Cells[i], x.Values[i]);
            if (lo is { } l) (y, v) = _max.Pair(region!, row++, y, v, context.ConstantCell(l), l);
            if (hi is { } h) (y, v) = _max.Pair(region!, row++, y, v, context.ConstantCell(h), h, min: true);
            return (y, v);
        });
    }
}

using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// ReduceMax and MaxPool: each output is the maximum of its group of input elements (the executor's
/// <see cref="TensorKernels.ReduceGroups"/> / <see cref="TensorKernels.PoolWindows"/>; padded positions are not in a
/// pooling window, so padding never wins), chained through <see cref="MaxChip.Reduce"/>: n − 1 rows for a group
/// of n, none for a single element (the output is that element's cell).
/// </summary>
/// <remarks>
/// Each pair row proves m = max(a, c) with m one of a, c; by induction the chain's last m is an element of the
/// group and at least every element, so it is exactly the maximum.
/// </remarks>
public sealed class MaxReduceChip : ILayerChip
{
    private readonly MaxChip _max;

    public MaxReduceChip(ChipSet chips) => _max = chips.Get<MaxChip>();

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.ReduceMax, OpKind.MaxPool];

    public string? Unsupported(ModelGraph graph, Node node) =>
        graph.IsConstant(node.Inputs[0]) ? "the input is a constant (fold it at import)"
        : Groups(graph, node).Any(g => g.Length == 0) ? "an output's window holds only padding" : null;

    /// <summary>The input elements each output is the maximum of.</summary>
    public static int[][] Groups(ModelGraph graph, Node node)
    {
        var xs = graph[node.Inputs[0]].Shape;
        return node.Op == OpKind.MaxPool
            ? TensorKernels.PoolWindows(node, xs, graph[node.Outputs[0]].Shape)
            : TensorKernels.ReduceGroups(xs, ((ReduceAttributes)node.Attributes).Axes);
    }

    public int Rows(ModelGraph graph, Node node) => Groups(graph, node).Sum(g => g.Length - 1);

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var x = context.Input(node, 0);
        var groups = Groups(context.Graph, node);
        int row = 0;
        return DivChip.Map(groups.Length, o =>
        {
            var g = x.Select(groups[o]);
            var y = _max.Reduce(region!, row, g.Cells, g.Values);
            row += g.Length - 1;
            return y;
        });
    }
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// AveragePool, ReduceSum and ReduceMean: each output's elements (<see cref="TensorKernels.PoolWindows"/>,
/// <see cref="TensorKernels.ReduceGroups"/>, padding left out) summed by <see cref="DotProductChip.Dot"/> with
/// weight 1, four per row; averages then divide the sum by the executor's count through
/// <see cref="DivChip.Divide"/>, rounding half away from zero (count_include_pad decides an AveragePool's count).
/// Rows per output: ⌈n / 4⌉, plus 2 for an average.
/// </summary>
public sealed class SumChip : ILayerChip
{
    private readonly DotProductChip _dot;
    private readonly DivChip _div;

    public SumChip(ChipSet chips)
    {
        _dot = chips.Get<DotProductChip>();
        _div = chips.Get<DivChip>();
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.AveragePool, OpKind.ReduceSum, OpKind.ReduceMean];

    public string? Unsupported(ModelGraph g, Node node) =>
        g.IsConstant(node.Inputs[0]) ? "reducing a constant (fold it at import)"
        : node.Op == OpKind.AveragePool && g[node.Inputs[0]].Shape.Rank is not (3 or 4) ? "only 1-D and 2-D pooling has a circuit" : null;

    public int Rows(ModelGraph g, Node node) => Groups(g, node).Windows.Sum(w => RowsFor(node, w.Length));

    private static int RowsFor(Node node, int n) => DotProductChip.RowsFor(n) + (node.Op == OpKind.ReduceSum ? 0 : DivChip.RowsPerElement);

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var (windows, count) = Groups(context.Graph, node);
        var x = context.Input(node, 0);
        int n = windows.Length, offset = 0;
        var yc = new AssignedCell[n];
        var yv = new long[n];
        for (int o = 0; o < n; o++)
        {
            int len = windows[o].Length;
            var cells = new AssignedCell[len];
            long sum = 0;
            for (int t = 0; t < len; t++)
            {
                cells[t] = x.Cells[windows[o][t]];
                sum = checked(sum + x.Values[windows[o][t]]);
            }
            var ones = new Fr[len];
            Array.Fill(ones, Fr.One);
            var s = _dot.Dot(region!, offset, cells, ones, Fr.Zero);
            (yc[o], yv[o]) = node.Op == OpKind.ReduceSum ? (s, sum)
                : _div.Divide(region!, offset + DotProductChip.RowsFor(len), s, sum, 1, count(windows[o]), DivRounding.HalfAwayFromZero);
            offset += RowsFor(node, len);
        }
        return new LayerValue(yc, yv);
    }

    /// <summary>Each output's input elements and the count an average divides by (the executor's: TensorKernels.Pool, Reduce).</summary>
    private static (int[][] Windows, Func<int[], long> Count) Groups(ModelGraph g, Node node)
    {
        var xs = g[node.Inputs[0]].Shape;
        if (node.Op == OpKind.AveragePool)
        {
            var a = (PoolAttributes)node.Attributes;
            return (TensorKernels.PoolWindows(node, xs, g[node.Outputs[0]].Shape), w => TensorKernels.AverageCount(a, w.Length));
        }
        return (TensorKernels.ReduceGroups(xs, ((ReduceAttributes)node.Attributes).Axes), w => Math.Max(w.Length, 1));
    }
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Softmax exactly as <see cref="IntegerOps.Softmax"/> computes it, per line of n elements along the axis:
/// m = max x (<see cref="MaxChip.Reduce"/>, n − 1 rows); per element d = x − m (<see cref="LinearChip.Combine"/>),
/// d' = max(d, LookupMin) (<see cref="MaxChip.Pair"/> with a constant cell) and e = exp table at d'
/// (<see cref="LookupChip"/>), 3 rows; S = Σe (<see cref="DotProductChip.Dot"/> with weights 1, ⌈n/4⌉ rows);
/// S proven ≥ 1 (1 row) and y = round(e·2^s / S) half away from zero (<see cref="DivByCellChip"/>, 2 rows).
/// </summary>
/// <remarks>
/// Every step is a constrained chip: m is the true maximum (each pair step is exact), d' the executor's clamped
/// difference, e the executor's tabulated exp (the table is fixed), S their exact sum (|S| ≪ r) and y the unique
/// rounded quotient. Rows per line: (n − 1) + 3n + ⌈n/4⌉ + 1 + 2n = 6n + ⌈n/4⌉.
/// </remarks>
public sealed class SoftmaxChip : ILayerChip
{
    private readonly MaxChip _max;
    private readonly LinearChip _linear;
    private readonly LookupChip _lookup;
    private readonly DotProductChip _dot;
    private readonly DivByCellChip _div;

    public SoftmaxChip(ChipSet chips)
    {
        _max = chips.Get<MaxChip>();
        _linear = chips.Get<LinearChip>();
        _lookup = chips.Get<LookupChip>();
        _dot = chips.Get<DotProductChip>();
        _div = chips.Get<DivByCellChip>();
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Softmax];

    public string? Unsupported(ModelGraph graph, Node node) =>
        graph[node.Inputs[0]].Scale is not { } s ? "Softmax needs a fixed-point input"
        : s > DivChip.MaxMultiplierBits ? $"Softmax at scale {s} (more than {DivChip.MaxMultiplierBits})"
        : graph[node.Outputs[0]].Scale != s ? "Softmax's output scale differs from its input's" : null;

    public static int RowsPerLine(int n) => 6 * n + DotProductChip.RowsFor(n);

    public int Rows(ModelGraph graph, Node node)
    {
        var shape = graph[node.Inputs[0]].Shape;
        int n = shape[((AxisAttributes)node.Attributes).Axis];
        return shape.Size / n * RowsPerLine(n);
    }

    /// <summary>Tests play a dishonest prover: replace e (by element) or y (by element) before it is assigned.</summary>
    internal Func<int, long, long>? ClaimedExp { get; set; }
    internal Func<int, long, long>? ClaimedQuotient { get; set; }

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var x = context.Input(node, 0);
        int axis = ((AxisAttributes)node.Attributes).Axis;
        int scale = g[node.Inputs[0]].Scale!.Value;
        var settings = _lookup.Settings;
        var exp = LookupFunction.SoftmaxExp(g, node, settings);
        long lookupMin = settings.LookupMin;
        var minCell = context.ConstantCell(lookupMin);
        string who = $"model '{g.Name}', node '{node.Name}' ({node.Op})";
        var yc = new AssignedCell[x.Length];
        var yv = new long[x.Length];
        int o = 0;
        foreach (var line in IntegerOps.AxisLines(g[node.Inputs[0]].Shape.ToArray(), axis))
        {
            int n = line.Length;
            var (m, mv) = _max.Reduce(region!, o, line.Select(j => x.Cells[j]).ToArray(), line.Select(j => x.Values[j]).ToArray());
            o += n - 1;
            var e = new AssignedCell[n];
            var ev = new long[n];
            for (int i = 0; i < n; i++)
            {
                long dv = x.Values[line[i]] - mv;
                var d = _linear.Combine(region!, o++, x.Cells[line[i]], 1, m, -1, 0);
                var (dc, dcv) = _max.Pair(region!, o++, d, dv, minCell, lookupMin);
                var claim = ClaimedExp is { } ce ? (Func<long, long>)(v => ce(line[i], v)) : null;
                (e[i], ev[i]) = _lookup.Apply(region!, o++, exp, dc, dcv, who, line[i], claim);
            }
            var sum = _dot.Dot(region!, o, e, Enumerable.Repeat(Fr.One, n).ToArray(), Fr.Zero);
            o += DotProductChip.RowsFor(n);
            var divisor = _div.ProveDivisor(region!, o++, sum, ev.Sum());
            for (int i = 0; i < n; i++)
            {
                var claim = ClaimedQuotient is { } cq ? (Func<long, long>)(v => cq(line[i], v)) : null;
                (yc[line[i]], yv[line[i]]) = _div.Divide(region!, o, e[i], ev[i], 1L << scale, divisor, claim);
                o += DivByCellChip.RowsPerElement;
            }
        }
        return new LayerValue(yc, yv);
    }
}

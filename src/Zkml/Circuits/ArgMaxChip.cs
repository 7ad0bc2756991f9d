using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// ArgMax: per line of n elements (the executor's <see cref="TensorKernels.ArgMaxLines"/>), the maximum m by a
/// <see cref="MaxChip.Reduce"/> chain (n − 1 rows), then n scan rows and one output row, 2n rows in all. The scan
/// visits the line in index order (first index) or backwards (select_last_index). Scan row j: x_j in c0, m in c1
/// (copied at row 0, then c1 = c1[−1]), a free inverse w in c2, p_j in c3, s_j in acc. With d = m − x_j and
/// z = 1 − d·w:
///   d·z = 0;   p_0 = z,  p_j = p_{j−1} + z − p_{j−1}·z;   s_0 = p_0,  s_j = s_{j−1} + p_j.
/// Output row: k in c0 with k = f0·s_{n−1} + f1 (first index: k = n − s; last: k = s − 1).
/// </summary>
/// <remarks>
/// Soundness: if d ≠ 0, d·z = 0 forces z = 0; if d = 0, z = 1 whatever w is. So z_j = [x_j = m] exactly, and p_j
/// (p_0 = z_0, then p_{j−1} OR z_j) is the bit "some visited element equals m". m is an element of the line and
/// at least every element (the pair chain), so at least one z is 1 and p is 0 exactly before the first hit in scan
/// order: s = n − (hit's scan position). In index order that hit is the first maximal index f, s = n − f; in
/// reverse order it is the last maximal index l at scan position n − 1 − l, s = l + 1. Every earlier (later)
/// element differs from m and is at most m, so it is strictly smaller: the index is unique. All values are far below
/// r (|d| &lt; 2^48, s ≤ n), so nothing wraps.
/// </remarks>
public sealed class ArgMaxChip : ILayerChip
{
    private readonly LayerColumns _cols;
    private readonly MaxChip _max;
    private readonly Selector _first, _next, _out;

    public ArgMaxChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _max = chips.Get<MaxChip>();
        _first = cs.Selector("argmax.first");
        _next = cs.Selector("argmax.next");
        _out = cs.Selector("argmax.out");
        Expression one = Expression.Constant(Fr.One);
        Expression x = cols.C[0].Cur, m = cols.C[1].Cur, w = cols.C[2].Cur, p = cols.C[3].Cur, s = cols.Acc.Cur;
        Expression pPrev = cols.C[3].Prev, sPrev = cols.Acc.Prev;
        Expression d = m - x, z = one - d * w;
        cs.CreateGate("argmax.first",
            new Constraint("argmax: d·z = 0", _first * d * z),
            new Constraint("argmax: p0 = z", _first * (p - z)),
            new Constraint("argmax: s0 = p0", _first * (s - p)));
        cs.CreateGate("argmax.next",
            new Constraint("argmax: d·z = 0", _next * d * z),
            new Constraint("argmax: m = m[−1]", _next * (m - cols.C[1].Prev)),
            new Constraint("argmax: p = p[−1] OR z", _next * (p - pPrev - z + pPrev * z)),
            new Constraint("argmax: s = s[−1] + p", _next * (s - sPrev - p)));
        cs.CreateGate("argmax.out", new Constraint("argmax: k = f0·s[−1] + f1",
            _out * (cols.C[0].Cur - cols.F[0].Cur * sPrev - cols.F[1].Cur)));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.ArgMax];

    public string? Unsupported(ModelGraph graph, Node node) =>
        graph.IsConstant(node.Inputs[0]) ? "the input is a constant (fold it at import)"
        : graph[node.Inputs[0]].Shape[((ArgMaxAttributes)node.Attributes).Axis] == 0 ? "an empty axis" : null;

    private static int[][] Lines(ModelGraph graph, Node node) =>
        TensorKernels.ArgMaxLines(graph[node.Inputs[0]].Shape, ((ArgMaxAttributes)node.Attributes).Axis);

    public int Rows(ModelGraph graph, Node node) => Lines(graph, node).Sum(l => 2 * l.Length);

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var x = context.Input(node, 0);
        bool last = ((ArgMaxAttributes)node.Attributes).SelectLastIndex;
        var lines = Lines(context.Graph, node);
        int row = 0;
        return DivChip.Map(lines.Length, o =>
        {
            var line = x.Select(lines[o]);
            var y = Index(region!, row, line, last);
            row += 2 * line.Length;
            return y;
        });
    }

    /// <summary>The first (or last) index of the maximum of <paramref name="line"/>, in 2n rows from <paramref name="offset"/>.</summary>
    public (AssignedCell Y, long Value) Index(Region region, int offset, LayerValue line, bool last)
    {
        int n = line.Length;
        var (m, mv) = _max.Reduce(region, offset, line.Cells, line.Values);
        int row = offset + n - 1;
        long p = 0, s = 0;
        for (int j = 0; j < n; j++, row++)
        {
            int i = last ? n - 1 - j : j;
            region.Enable(j == 0 ? _first : _next, row);
            region.Copy(line.Cells[i], _cols.C[0], row);
            if (j == 0) region.Copy(m, _cols.C[1], row);
            else region.Assign(_cols.C[1], row, Fr.FromInt64(mv));
            long d = checked(mv - line.Values[i]);
            region.Assign(_cols.C[2], row, d == 0 ? Fr.Zero : Fr.FromInt64(d).Inverse());
            p = p == 1 || d == 0 ? 1 : 0;
            s += p;
            region.Assign(_cols.C[3], row, Fr.FromInt64(p));
            region.Assign(_cols.Acc, row, Fr.FromInt64(s));
        }
        long k = last ? s - 1 : n - s;
        region.Enable(_out, row);
        region.Assign(_cols.F[0], row, Fr.FromInt64(last ? 1 : -1));
        region.Assign(_cols.F[1], row, Fr.FromInt64(last ? -1 : n));
        return (region.Assign(_cols.C[0], row, Fr.FromInt64(k)), k);
    }
}

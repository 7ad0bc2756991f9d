using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// C = A·B of two activations multiplied out, two products per row: (a, b) pairs in (c0, c1) and (c2, c3).
/// Gates "mm.first": q·(acc − c0·c1 − c2·c3) = 0 and "mm.next": q·(acc − acc[−1] − c0·c1 − c2·c3) = 0.
/// Cheaper than <see cref="FreivaldsChip"/> when the shared dimension is small.
/// </summary>
/// <remarks>
/// Every c cell is a copy of an activation or, in a padding slot, of the constant 0, so the prover chooses nothing
/// but the accumulators, which the gates pin. Products of values below 2^47 summed over K &lt; 2^20 terms stay far
/// below r, so the field sum is the integer sum.
/// </remarks>
public sealed class ActivationDotChip
{
    public const int ProductsPerRow = 2;
    private readonly LayerColumns _cols;
    private readonly Selector _first, _next;

    public ActivationDotChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _first = cs.Selector("mm.first.q");
        _next = cs.Selector("mm.next.q");
        Expression products = cols.C[0].Cur * cols.C[1].Cur + cols.C[2].Cur * cols.C[3].Cur;
        cs.CreateGate("mm.first", new Constraint("mm.first: acc = a0·b0 + a1·b1", _first * (cols.Acc.Cur - products)));
        cs.CreateGate("mm.next", new Constraint("mm.next: acc = acc[−1] + a0·b0 + a1·b1", _next * (cols.Acc.Cur - cols.Acc.Prev - products)));
    }

    public static int RowsFor(int m, int k, int n) => m * n * RowsForTerms(k);

    /// <summary>Rows one dot product of <paramref name="terms"/> products takes.</summary>
    public static int RowsForTerms(int terms) => Math.Max(1, (terms + ProductsPerRow - 1) / ProductsPerRow);

    /// <summary>The M×N product (row-major) of A's element (i, t) at a.Cells[aIndex(i, t)] and B's (t, j) at b.Cells[bIndex(t, j)].</summary>
    public LayerValue Multiply(LayerContext context, Region region, int offset, int m, int k, int n,
        LayerValue a, Func<int, int, int> aIndex, LayerValue b, Func<int, int, int> bIndex)
    {
        int rows = RowsForTerms(k);
        var yc = new AssignedCell[m * n];
        var yv = new long[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                int o = i * n + j, ii = i, jj = j;
                (yc[o], yv[o]) = Dot(context, region, offset + o * rows, k,
                    t => (a.Cells[aIndex(ii, t)], a.Values[aIndex(ii, t)]), t => (b.Cells[bIndex(t, jj)], b.Values[bIndex(t, jj)]));
            }
        return new LayerValue(yc, yv);
    }

    /// <summary>
    /// Σ a(t)·b(t) over <paramref name="terms"/> products of copied cells, in <see cref="RowsForTerms"/> rows from
    /// <paramref name="offset"/>; returns the last accumulator cell and the sum.
    /// </summary>
    public (AssignedCell Cell, long Value) Dot(LayerContext context, Region region, int offset, int terms,
        Func<int, (AssignedCell Cell, long Value)> a, Func<int, (AssignedCell Cell, long Value)> b)
    {
        int rows = RowsForTerms(terms);
        var zero = context.ConstantCell(0);
        long acc = 0;
        AssignedCell last = default;
        for (int r = 0; r < rows; r++)
        {
            region.Enable(r == 0 ? _first : _next, offset + r);
            for (int s = 0; s < ProductsPerRow; s++)
            {
                int t = r * ProductsPerRow + s;
                if (t < terms)
                {
                    var (x, y) = (a(t), b(t));
                    region.Copy(x.Cell, _cols.C[2 * s], offset + r);
                    region.Copy(y.Cell, _cols.C[2 * s + 1], offset + r);
                    acc = checked(acc + x.Value * y.Value);
                }
                else
                {
                    region.Copy(zero, _cols.C[2 * s], offset + r);
                    region.Assign(_cols.C[2 * s + 1], offset + r, Fr.Zero);
                }
            }
            last = region.Assign(_cols.Acc, offset + r, Fr.FromInt64(acc));
        }
        return (last, acc);
    }
}

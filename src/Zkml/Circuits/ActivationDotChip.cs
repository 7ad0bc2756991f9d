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

    public static int RowsFor(int m, int k, int n) => m * n * Math.Max(1, (k + ProductsPerRow - 1) / ProductsPerRow);

    /// <summary>The M×N product (row-major) of A's element (i, t) at a.Cells[aIndex(i, t)] and B's (t, j) at b.Cells[bIndex(t, j)].</summary>
    public LayerValue Multiply(LayerContext context, Region region, int offset, int m, int k, int n,
        LayerValue a, Func<int, int, int> aIndex, LayerValue b, Func<int, int, int> bIndex)
    {
        int rows = RowsFor(1, k, 1);
        var zero = context.ConstantCell(0);
        var yc = new AssignedCell[m * n];
        var yv = new long[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                int o = i * n + j, at = offset + o * rows;
                long acc = 0;
                AssignedCell last = default;
                for (int r = 0; r < rows; r++)
                {
                    region.Enable(r == 0 ? _first : _next, at + r);
                    for (int s = 0; s < ProductsPerRow; s++)
                    {
                        int t = r * ProductsPerRow + s;
                        if (t < k)
                        {
                            region.Copy(a.Cells[aIndex(i, t)], _cols.C[2 * s], at + r);
                            region.Copy(b.Cells[bIndex(t, j)], _cols.C[2 * s + 1], at + r);
                            acc = checked(acc + a.Values[aIndex(i, t)] * b.Values[bIndex(t, j)]);
                        }
                        else
                        {
                            region.Copy(zero, _cols.C[2 * s], at + r);
                            region.Assign(_cols.C[2 * s + 1], at + r, Fr.Zero);
                        }
                    }
                    last = region.Assign(_cols.Acc, at + r, Fr.FromInt64(acc));
                }
                (yc[o], yv[o]) = (last, acc);
            }
        return new LayerValue(yc, yv);
    }
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Dot products with constant weights, four multiply-accumulates per row (¼ row per MAC): activations in c0..c3,
/// weights in fixed f0..f3, so they are part of the verifying key. Gates:
/// "dot.first": q·(acc − f4 − Σ c_i·f_i) = 0 (f4 the bias) and "dot.next": q·(acc − acc[−1] − Σ c_i·f_i) = 0.
/// What <see cref="MatMulChip"/> (constant B), <see cref="ConvChip"/> and <see cref="SumChip"/> lay their sums out with.
/// </summary>
public sealed class DotProductChip
{
    public const int Width = 4;
    private readonly LayerColumns _cols;
    private readonly Selector _first, _next;

    public DotProductChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _first = cs.Selector("dot.first.q");
        _next = cs.Selector("dot.next.q");
        Expression Products()
        {
            Expression s = cols.C[0].Cur * cols.F[0].Cur;
            for (int i = 1; i < Width; i++) s += cols.C[i].Cur * cols.F[i].Cur;
            return s;
        }
        cs.CreateGate("dot.first", new Constraint("dot.first: acc = bias + Σ x·w", _first * (cols.Acc.Cur - cols.F[4].Cur - Products())));
        cs.CreateGate("dot.next", new Constraint("dot.next: acc = acc[−1] + Σ x·w", _next * (cols.Acc.Cur - cols.Acc.Prev - Products())));
    }

    /// <summary>Rows one dot product of length k takes.</summary>
    public static int RowsFor(int k) => Math.Max(1, (k + Width - 1) / Width);

    /// <summary>Σ x_i·w_i + bias from <paramref name="offset"/> on; returns the cell with the sum.</summary>
    public AssignedCell Dot(Region region, int offset, IReadOnlyList<AssignedCell> x, IReadOnlyList<Fr> w, Fr bias)
    {
        int rows = RowsFor(x.Count);
        Fr acc = bias;
        AssignedCell last = default;
        for (int r = 0; r < rows; r++)
        {
            region.Enable(r == 0 ? _first : _next, offset + r);
            if (r == 0) region.Assign(_cols.F[4], offset, bias);
            for (int i = 0; i < Width; i++)
            {
                int j = r * Width + i;
                if (j < x.Count)
                {
                    region.Copy(x[j], _cols.C[i], offset + r);
                    region.Assign(_cols.F[i], offset + r, w[j]);
                    acc += x[j].Value * w[j];
                }
                else
                {
                    // Padding: weight 0 makes the (unconstrained) activation cell irrelevant.
                    region.Assign(_cols.C[i], offset + r, Fr.Zero);
                    region.Assign(_cols.F[i], offset + r, Fr.Zero);
                }
            }
            last = region.Assign(_cols.Acc, offset + r, acc);
        }
        return last;
    }
}

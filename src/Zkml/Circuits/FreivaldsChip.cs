using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// C = A·B of two activations by Freivalds' check. C is phase-0 advice (assigned in c0..c3, the cells later layers
/// copy); after phase 0 is committed the verifier draws r, and phase-1 advice proves A·(B·v) = C·v for
/// v = (1, r, …, r^(N−1)). Rows per M×K×N block: (M + K)·⌈N/4⌉ for the Horner sums B·v and C·v, M·⌈K/4⌉ for A·(B·v).
/// </summary>
/// <remarks>
/// Gates on the phase-1 columns p0..p3 and h (r a challenge drawn after phase 0):
/// "fv.horner.first": h = c0·r³ + c1·r² + c2·r + c3; "fv.horner.next": h = h[−1]·r⁴ + c0·r³ + c1·r² + c2·r + c3,
/// each row taking four elements of a row of B or C from the highest power down (leading padding slots are copies
/// of the constant 0), so the last h of a row x is Σ_j x_j·r^j;
/// "fv.dot.first": h = Σ c_i·p_i and "fv.dot.next": h = h[−1] + Σ c_i·p_i, A's row in c (padding: constant 0) and
/// the copied B·v entries in p. The last h of A's row i is copy-constrained to C·v's entry i.
/// If C ≠ A·B, some row i of C − A·B is a nonzero polynomial of degree &lt; N in r; C, A and B are committed before r
/// is drawn, so A·(B·v) = C·v holds with probability at most (N − 1)/r over r (union bound over rows and blocks).
/// A vector the prover knows or fixes in advance would let it choose C to pass, which is why v comes from r.
/// </remarks>
public sealed class FreivaldsChip
{
    public const int Width = 4;
    private readonly LayerColumns _cols;
    private readonly Column[] _p;
    private readonly Column _h;
    private readonly Challenge _r;
    private readonly Selector _hornerFirst, _hornerNext, _dotFirst, _dotNext;

    public FreivaldsChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _p = Enumerable.Range(0, Width).Select(i => cs.AdviceColumn($"fv.p{i}", phase: 1)).ToArray();
        _h = cs.AdviceColumn("fv.h", phase: 1);
        foreach (var p in _p) cs.EnableEquality(p);
        cs.EnableEquality(_h);
        _r = cs.Challenge("freivalds.r", afterPhase: 0);
        _hornerFirst = cs.Selector("fv.horner.first.q");
        _hornerNext = cs.Selector("fv.horner.next.q");
        _dotFirst = cs.Selector("fv.dot.first.q");
        _dotNext = cs.Selector("fv.dot.next.q");
        Expression r = _r;
        Expression r2 = r * r, r4 = r2 * r2;
        Expression chunk = cols.C[0].Cur * (r2 * r) + cols.C[1].Cur * r2 + cols.C[2].Cur * r + cols.C[3].Cur;
        Expression dot = cols.C[0].Cur * _p[0].Cur;
        for (int i = 1; i < Width; i++) dot += cols.C[i].Cur * _p[i].Cur;
        cs.CreateGate("fv.horner.first", new Constraint("fv.horner.first: h = Σ c_i·r^(3−i)", _hornerFirst * (_h.Cur - chunk)));
        cs.CreateGate("fv.horner.next", new Constraint("fv.horner.next: h = h[−1]·r⁴ + Σ c_i·r^(3−i)", _hornerNext * (_h.Cur - _h.Prev * r4 - chunk)));
        cs.CreateGate("fv.dot.first", new Constraint("fv.dot.first: h = Σ a_i·w_i", _dotFirst * (_h.Cur - dot)));
        cs.CreateGate("fv.dot.next", new Constraint("fv.dot.next: h = h[−1] + Σ a_i·w_i", _dotNext * (_h.Cur - _h.Prev - dot)));
    }

    /// <summary>The challenge v is built from (tests check it is drawn after phase 0).</summary>
    public Challenge R => _r;

    private static int Chunks(int n) => Math.Max(1, (n + Width - 1) / Width);

    public static int RowsFor(int m, int k, int n) => (m + k) * Chunks(n) + m * Chunks(k);

    /// <summary>
    /// Test hook playing a prover whose C is wrong: replaces the committed C (block element index, honest value); the
    /// values handed on stay honest, so the executor comparison passes and only the check can object.
    /// </summary>
    internal Func<int, long, long>? Claimed { get; set; }

    /// <summary>The M×N product (row-major) of A's element (i, t) at a.Cells[aIndex(i, t)] and B's (t, j) at b.Cells[bIndex(t, j)].</summary>
    public LayerValue Multiply(LayerContext context, Region region, int offset, int m, int k, int n,
        LayerValue a, Func<int, int, int> aIndex, LayerValue b, Func<int, int, int> bIndex)
    {
        var zero = context.ConstantCell(0);
        Fr r = context.Builder.ChallengeValue(_r);
        var c = new long[m * n];
        var claimed = new long[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                long acc = 0;
                for (int t = 0; t < k; t++) acc = checked(acc + a.Values[aIndex(i, t)] * b.Values[bIndex(t, j)]);
                (c[i * n + j], claimed[i * n + j]) = (acc, Claimed?.Invoke(i * n + j, acc) ?? acc);
            }
        int row = offset;
        // C·v: C's cells are assigned here, in the Horner rows.
        var cc = new AssignedCell[m * n];
        var cv = new AssignedCell[m];
        for (int i = 0; i < m; i++)
        {
            int ii = i;
            cv[i] = Horner(region, ref row, n, r, zero, (j, col, at) => cc[ii * n + j] = region.Assign(col, at, Fr.FromInt64(claimed[ii * n + j])));
        }
        // B·v.
        var bv = new AssignedCell[k];
        for (int t = 0; t < k; t++)
        {
            int tt = t;
            bv[t] = Horner(region, ref row, n, r, zero, (j, col, at) => region.Copy(b.Cells[bIndex(tt, j)], col, at));
        }
        // A·(B·v), equal to C·v.
        for (int i = 0; i < m; i++)
        {
            Fr acc = Fr.Zero;
            AssignedCell last = default;
            for (int q = 0; q < Chunks(k); q++, row++)
            {
                region.Enable(q == 0 ? _dotFirst : _dotNext, row);
                for (int s = 0; s < Width; s++)
                {
                    int t = q * Width + s;
                    if (t < k)
                    {
                        var ac = region.Copy(a.Cells[aIndex(i, t)], _cols.C[s], row);
                        var wc = region.Copy(bv[t], _p[s], row);
                        acc += ac.Value * wc.Value;
                    }
                    else
                    {
                        region.Copy(zero, _cols.C[s], row);
                        region.Assign(_p[s], row, Fr.Zero);
                    }
                }
                last = region.Assign(_h, row, acc);
            }
            context.Builder.ConstrainEqual(last.Cell, cv[i].Cell);
        }
        return new LayerValue(cc, c);
    }

    /// <summary>Σ_j x_j·r^j over n elements, four per row from the highest power down; <paramref name="place"/> puts x_j in a c column.</summary>
    private AssignedCell Horner(Region region, ref int row, int n, Fr r, AssignedCell zero, Func<int, Column, int, AssignedCell> place)
    {
        int chunks = Chunks(n), pad = chunks * Width - n;
        Fr r4 = r * r * r * r, h = Fr.Zero;
        AssignedCell last = default;
        for (int q = 0; q < chunks; q++, row++)
        {
            region.Enable(q == 0 ? _hornerFirst : _hornerNext, row);
            h *= r4;
            for (int s = 0; s < Width; s++)
            {
                int slot = q * Width + s;
                var cell = slot < pad ? region.Copy(zero, _cols.C[s], row) : place(n - 1 - (slot - pad), _cols.C[s], row);
                h += cell.Value * Pow(r, Width - 1 - s);
            }
            last = region.Assign(_h, row, h);
        }
        return last;
    }

    private static Fr Pow(Fr r, int e)
    {
        Fr y = Fr.One;
        for (int i = 0; i < e; i++) y *= r;
        return y;
    }
}

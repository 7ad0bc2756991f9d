using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// y = m0·a + m1·b + c with constant multipliers and constant term, one row per element: Add and Sub of two
/// activations at their common scale (m = ±2^shift), or an activation plus a constant (bias: m1 = 0, c in f4).
/// Gate "linear": q·(acc − f0·c0 − f1·c1 − f4) = 0.
/// </summary>
public sealed class LinearChip
{
    private readonly LayerColumns _cols;
    private readonly Selector _q;

    public LinearChip(ConstraintSystem cs, LayerColumns cols)
    {
        _cols = cols;
        _q = cs.Selector("linear.q");
        cs.CreateGate("linear", new Constraint("linear: y = m0·a + m1·b + c",
            _q * (cols.Acc.Cur - cols.F[0].Cur * cols.C[0].Cur - cols.F[1].Cur * cols.C[1].Cur - cols.F[4].Cur)));
    }

    /// <summary>One element; <paramref name="b"/> null when the second operand is the constant <paramref name="c"/>.</summary>
    public AssignedCell Combine(Region region, int offset, AssignedCell a, long m0, AssignedCell? b, long m1, long c)
    {
        region.Enable(_q, offset);
        region.Copy(a, _cols.C[0], offset);
        Fr y = Fr.FromInt64(m0) * a.Value + Fr.FromInt64(c);
        if (b is { } bc)
        {
            region.Copy(bc, _cols.C[1], offset);
            y += Fr.FromInt64(m1) * bc.Value;
        }
        else
        {
            region.Assign(_cols.C[1], offset, Fr.Zero);
            m1 = 0;
        }
        region.Assign(_cols.F[0], offset, Fr.FromInt64(m0));
        region.Assign(_cols.F[1], offset, Fr.FromInt64(m1));
        region.Assign(_cols.F[4], offset, Fr.FromInt64(c));
        return region.Assign(_cols.Acc, offset, y);
    }
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// y = round(m·x / d), half away from zero, for a constant m ≥ 1 and a divisor d held in a cell (an activation,
/// e.g. Softmax's Σe): <see cref="DivChip"/>'s remainder window with the divisor as advice. Not an op of its own:
/// Softmax uses it. One row per divisor (<see cref="ProveDivisor"/>), two per quotient (<see cref="Divide"/>).
/// </summary>
/// <remarks>
/// Gate "divisor" (one row): d in acc (copied), d − 1 in c0 sign-decomposed with sign c2 = 0, so d − 1 ∈ [0, 2^48):
/// d is an integer in [1, 2^48].
/// Gate "divcell", row 0: x in c0 (decomposed, b = [x &lt; 0] in c2), y in c1 (decomposed, |y| &lt; 2^48), d in acc
/// (copied from a proven divisor), m in f3; row 1: t in c0 and u in c1, both decomposed with sign 0:
///   t = (1 − 2b)·(2m·x − 2d·y) + d,   t + u = 2d − 1,   t, u ∈ [0, 2^48).
/// Soundness: |x|, |y| &lt; 2^48, 1 ≤ d ≤ 2^48 and m ≤ 2^24 bound every term by 2^98, far below r, so these are
/// integer equations and t ∈ [0, 2d). For x ≥ 0 that is 2d·y ∈ (2m·x − d, 2m·x + d], i.e. y = ⌊(2m·x + d) / 2d⌋;
/// for x &lt; 0, −y = ⌊(−2m·x + d) / 2d⌋: exactly one y each, and it is m·x / d rounded half away from zero (b is
/// x's true sign, proven by the decomposition). Honest remainders need 2d − 1 &lt; 2^48, so d &lt; 2^47.
/// </remarks>
public sealed class DivByCellChip
{
    public const int DivisorRows = 1;
    public const int RowsPerElement = 2;
    private readonly LayerColumns _cols;
    private readonly Selector _divisor, _div;

    public DivByCellChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _divisor = cs.Selector("divisor.q");
        _div = cs.Selector("divcell.q");
        Expression one = Expression.Constant(Fr.One), two = Expression.Constant(Fr.FromInt64(2));
        cs.CreateGate("divisor",
            new Constraint("divisor: c0 = d − 1", _divisor * (cols.C[0].Cur - cols.Acc.Cur + one)),
            new Constraint("divisor: d − 1 ≥ 0", _divisor * cols.C[2].Cur));
        Expression x = cols.C[0].Cur, y = cols.C[1].Cur, b = cols.C[2].Cur, d = cols.Acc.Cur, m = cols.F[3].Cur;
        Expression t = cols.C[0].Next, u = cols.C[1].Next;
        cs.CreateGate("divcell",
            new Constraint("divcell: t = (1 − 2·sign(x))·(2m·x − 2d·y) + d", _div * (t - (one - two * b) * (two * m * x - two * d * y) - d)),
            new Constraint("divcell: t + u = 2d − 1", _div * (t + u - two * d + one)),
            new Constraint("divcell: t ≥ 0", _div * cols.C[2].Next),
            new Constraint("divcell: u ≥ 0", _div * cols.C[3].Next));
    }

    /// <summary>Proves the cell holds an integer in [1, 2^48] at one row; a divisor is proven once and divides many times.</summary>
    public ProvenDivisor ProveDivisor(Region region, int offset, AssignedCell d, long dv)
    {
        region.Enable(_divisor, offset);
        var dc = region.Copy(d, _cols.Acc, offset);
        region.Assign(_cols.C[0], offset, Fr.FromInt64(dv - 1));
        _cols.Decompose(region, 0, offset, dv - 1);
        return new ProvenDivisor(dc, dv);
    }

    /// <summary>
    /// y = round(m·x / d) at rows offset, offset + 1. <paramref name="claimed"/> replaces the honest quotient (tests).
    /// A divisor below 1 (only a shape-only layout has one) gives the placeholder 0.
    /// </summary>
    public (AssignedCell Y, long Value) Divide(Region region, int offset, AssignedCell x, long xv, long multiplier, ProvenDivisor d, Func<long, long>? claimed = null)
    {
        if (multiplier < 1 || multiplier > 1L << DivChip.MaxMultiplierBits)
            throw new ArgumentOutOfRangeException(nameof(multiplier), $"multiplier {multiplier}: 1 ≤ m ≤ 2^{DivChip.MaxMultiplierBits}");
        long dv = d.Value;
        long y = dv >= 1 ? FixedPoint.RoundDiv(checked(multiplier * xv), dv) : 0;
        if (claimed is not null) y = claimed(y);
        long b = xv < 0 ? 1 : 0;
        // Out of range for a dishonest y: the decomposition then rejects it, not this code.
        long t = unchecked((long)((1 - 2 * b) * (2 * (Int128)multiplier * xv - 2 * (Int128)dv * y) + dv));
        long u = unchecked(2 * dv - 1 - t);
        region.Enable(_div, offset);
        region.Copy(x, _cols.C[0], offset);
        var yc = region.Assign(_cols.C[1], offset, Fr.FromInt64(y));
        _cols.Decompose(region, 0, offset, xv);
        _cols.Decompose(region, 1, offset, y);
        region.Copy(d.Cell, _cols.Acc, offset);
        region.Assign(_cols.F[3], offset, Fr.FromInt64(multiplier));
        region.Assign(_cols.C[0], offset + 1, Fr.FromInt64(t));
        region.Assign(_cols.C[1], offset + 1, Fr.FromInt64(u));
        _cols.Decompose(region, 0, offset + 1, t);
        _cols.Decompose(region, 1, offset + 1, u);
        return (yc, y);
    }
}

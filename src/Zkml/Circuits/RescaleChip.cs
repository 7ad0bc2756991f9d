using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// y = round(x / 2^s), rounding half away from zero, one row per element (1 ≤ s ≤ 12):
/// x in c0 and y in c1, both sign-decomposed (b = [x &lt; 0] in c2; |x|, |y| &lt; 2^48), h = 2^(s−1) in f1, 2^s in f0.
/// Gate "rescale": q·(t − x + y·2^s − h + b) = 0, and lookups t ∈ [0, 2^12) and t + 2^12 − 2^s ∈ [0, 2^12),
/// i.e. t ∈ [0, 2^s).
/// </summary>
/// <remarks>
/// Why this pins the rounding: |y·2^s| &lt; 2^60 and all terms are small, so the gate is an integer equation
/// x − y·2^s = t − h + b. For x ≥ 0 (b = 0) the remainder x − y·2^s lies in [−h, h): y = ⌊(x + h)/2^s⌋, ties up.
/// For x &lt; 0 (b = 1) it lies in [−h + 1, h]: y = −⌊(−x + h)/2^s⌋, ties down. Both are round half away from
/// zero, and a half-open window of width 2^s admits exactly one y. b is x's true sign by the decomposition, so
/// the prover cannot pick the other tie rule.
/// </remarks>
public sealed class RescaleChip
{
    public const int MaxShift = LayerColumns.LimbBits;
    private readonly LayerColumns _cols;
    private readonly Selector _q;

    public RescaleChip(ConstraintSystem cs, LayerColumns cols)
    {
        _cols = cols;
        _q = cs.Selector("rescale.q");
        cs.CreateGate("rescale", new Constraint("rescale: x − y·2^s = t − h + sign(x)",
            _q * (cols.T.Cur - cols.C[0].Cur + cols.C[1].Cur * cols.F[0].Cur - cols.F[1].Cur + cols.C[2].Cur)));
        cs.Lookup("rescale.t", _q, (cols.T.Cur, cols.Range.Cur));
        cs.Lookup("rescale.t_upper", _q, (cols.T.Cur + cols.Offset.Cur, cols.Range.Cur));
    }

    /// <summary>Rescales x (value <paramref name="xv"/>) by 2^-shift at one row; <paramref name="rounding"/> replaces the honest rule (tests).</summary>
    public (AssignedCell Y, long Value) Rescale(Region region, int offset, AssignedCell x, long xv, int shift, Func<long, int, long>? rounding = null)
    {
        if (shift is < 1 or > MaxShift) throw new ArgumentOutOfRangeException(nameof(shift), $"rescale by 2^{shift}: shifts 1..{MaxShift} are supported");
        long y = (rounding ?? Quantization.FixedPoint.Rescale)(xv, shift);
        long h = 1L << (shift - 1), b = xv < 0 ? 1 : 0;
        long t = unchecked(xv - (y << shift) + h - b);
        region.Enable(_q, offset);
        region.Copy(x, _cols.C[0], offset);
        var yc = region.Assign(_cols.C[1], offset, Fr.FromInt64(y));
        _cols.Decompose(region, 0, offset, xv);
        _cols.Decompose(region, 1, offset, y);
        region.Assign(_cols.T, offset, Fr.FromInt64(t));
        region.Assign(_cols.F[0], offset, Fr.FromInt64(1L << shift));
        region.Assign(_cols.F[1], offset, Fr.FromInt64(h));
        region.Assign(_cols.Offset, offset, Fr.FromInt64((1L << MaxShift) - (1L << shift)));
        return (yc, y);
    }
}

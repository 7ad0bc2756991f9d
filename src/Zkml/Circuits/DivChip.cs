using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// y = round(m·x / d) for constants m ≠ 0 and 1 ≤ d &lt; 2^47, in two rows per element, with any
/// <see cref="DivRounding"/>; lays out Rescale (m = 1, d = 2^k) and Div by a constant (m = ±2^s_b, d = |b|), and
/// is what pooling, means and zkml's rescaling divide with.
/// </summary>
/// <remarks>
/// Row 0: x in c0 and y in c1, both sign-decomposed (b = [x &lt; 0] in c2, |x|, |y| &lt; 2^48); d in f0, m in f3,
/// the window's offsets in f1 and f2. Row 1: the remainder t in c0 and u = d − 1 − t in c1, both decomposed with
/// sign 0, so t, u ∈ [0, 2^48). Gate "div":
///   t = m·x − y·d + f1 + f2·b,   t + u = d − 1,   sign(t) = sign(u) = 0.
/// With every term far below r these are integer equations, so t ∈ [0, d) and y = ⌊(m·x + f1 + f2·b) / d⌋: the
/// window offsets fix the rounding rule and exactly one y satisfies them (b is x's true sign, so the prover cannot
/// choose the other tie rule). No rounding-specific lookup table is needed: the 12-bit limb table does it all.
/// </remarks>
public sealed class DivChip : ILayerChip
{
    public const int RowsPerElement = 2;
    public const int MaxDivisorBits = LayerColumns.ValueBits - 1;
    public const int MaxMultiplierBits = 24;
    private readonly LayerColumns _cols;
    private readonly Selector _q;

    public DivChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _q = cs.Selector("div.q");
        Column x = cols.C[0], y = cols.C[1], b = cols.C[2];
        Expression t = cols.C[0].Next, u = cols.C[1].Next;
        cs.CreateGate("div",
            new Constraint("div: t = m·x − y·d + f1 + f2·sign(x)", _q * (t - cols.F[3].Cur * x.Cur + y.Cur * cols.F[0].Cur - cols.F[1].Cur - cols.F[2].Cur * b.Cur)),
            new Constraint("div: t + u = d − 1", _q * (t + u - cols.F[0].Cur + 1)),
            new Constraint("div: t ≥ 0", _q * cols.C[2].Next),
            new Constraint("div: u ≥ 0", _q * cols.C[3].Next));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Rescale, OpKind.Div];

    public string? Unsupported(ModelGraph graph, Node node)
    {
        if (node.Op == OpKind.Rescale)
            return ((RescaleAttributes)node.Attributes).Shift > MaxDivisorBits ? $"a rescale by more than 2^{MaxDivisorBits}" : null;
        if (graph.IsConstant(node.Inputs[0])) return "Div needs an activation as dividend";
        if (!graph.FixedConstants.TryGetValue(node.Inputs[1], out var divisor)) return "Div by an activation has no circuit (only by a constant)";
        int shift = graph[node.Inputs[1]].Scale!.Value;
        if (shift > MaxMultiplierBits) return $"a divisor at scale {shift} (more than {MaxMultiplierBits})";
        foreach (long q in divisor.Data)
            if (q == 0 || Math.Abs(q) >= 1L << MaxDivisorBits) return $"divisor {q} is zero or not below 2^{MaxDivisorBits}";
        return null;
    }

    public int Rows(ModelGraph graph, Node node) =>
        node.Op == OpKind.Rescale && ((RescaleAttributes)node.Attributes).Shift == 0 ? 0 : RowsPerElement * graph[node.Outputs[0]].Shape.Size;

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var x = context.Input(node, 0);
        if (node.Op == OpKind.Rescale)
        {
            int shift = ((RescaleAttributes)node.Attributes).Shift;
            if (shift == 0) return x;
            return Map(x.Length, i => Divide(region!, RowsPerElement * i, x.Cells[i], x.Values[i], 1, 1L << shift, DivRounding.HalfAwayFromZero));
        }
        var ys = g[node.Outputs[0]].Shape;
        var xi = Broadcasting.SourceIndex(g[node.Inputs[0]].Shape, ys);
        var qi = Broadcasting.SourceIndex(g[node.Inputs[1]].Shape, ys);
        long[] q = g.FixedConstants[node.Inputs[1]].Data;
        long one = 1L << g[node.Inputs[1]].Scale!.Value;
        // The executor's rule: round(x·2^s_b / q), with q < 0 as round(−x·2^s_b / −q).
        return Map(ys.Size, o => Divide(region!, RowsPerElement * o, x.Cells[xi[o]], x.Values[xi[o]],
            q[qi[o]] > 0 ? one : -one, Math.Abs(q[qi[o]]), DivRounding.HalfAwayFromZero));
    }

    internal static LayerValue Map(int n, Func<int, (AssignedCell Y, long Value)> one)
    {
        var cells = new AssignedCell[n];
        var values = new long[n];
        for (int i = 0; i < n; i++) (cells[i], values[i]) = one(i);
        return new LayerValue(cells, values);
    }

    /// <summary>The rounded quotient the gate admits: ⌊(m·x + f1 + f2·[x &lt; 0]) / d⌋.</summary>
    public static long Quotient(long x, long multiplier, long divisor, DivRounding rounding)
    {
        var (f1, f2) = Offsets(multiplier, divisor, rounding);
        Int128 n = (Int128)multiplier * x + f1 + (x < 0 ? f2 : 0);
        Int128 y = n >= 0 ? n / divisor : -((-n + divisor - 1) / divisor);
        return checked((long)y);
    }

    /// <summary>
    /// f1 and f2 of the gate. The window is a property of n = m·x's sign, so with m &lt; 0 (sign(n) = 1 − sign(x)
    /// for x ≠ 0; at x = 0 both windows contain 0) the offsets are re-expressed in sign(x).
    /// </summary>
    private static (long F1, long F2) Offsets(long multiplier, long divisor, DivRounding rounding)
    {
        long h = divisor / 2;
        var (l0, l1) = rounding switch
        {
            DivRounding.HalfAwayFromZero => (h, divisor % 2 == 0 ? -1L : 0L),
            DivRounding.HalfUp => (h, 0L),
            DivRounding.Floor => (0L, 0L),
            DivRounding.TowardZero => (0L, divisor - 1),
            _ => throw new ArgumentOutOfRangeException(nameof(rounding)),
        };
        return multiplier > 0 ? (l0, l1) : (l0 + l1, -l1);
    }

    /// <summary>
    /// Lays out y = round(m·x / d) at rows offset, offset + 1 and returns y. <paramref name="claimed"/> replaces the
    /// honest quotient (tests play a dishonest prover with it).
    /// </summary>
    public (AssignedCell Y, long Value) Divide(Region region, int offset, AssignedCell x, long xv, long multiplier, long divisor, DivRounding rounding, Func<long, long>? claimed = null)
    {
        if (divisor < 1 || divisor >= 1L << MaxDivisorBits) throw new ArgumentOutOfRangeException(nameof(divisor), $"divisor {divisor}: 1 ≤ d < 2^{MaxDivisorBits}");
        if (multiplier == 0 || Math.Abs(multiplier) > 1L << MaxMultiplierBits) throw new ArgumentOutOfRangeException(nameof(multiplier), $"multiplier {multiplier}: 0 < |m| ≤ 2^{MaxMultiplierBits}");
        var (f1, f2) = Offsets(multiplier, divisor, rounding);
        long y = Quotient(xv, multiplier, divisor, rounding);
        if (claimed is not null) y = claimed(y);
        // Out of range for a dishonest y: the decomposition then rejects it, not this code.
        long t = unchecked((long)((Int128)multiplier * xv - (Int128)y * divisor + f1 + (xv < 0 ? f2 : 0)));
        region.Enable(_q, offset);
        region.Copy(x, _cols.C[0], offset);
        var yc = region.Assign(_cols.C[1], offset, Fr.FromInt64(y));
        _cols.Decompose(region, 0, offset, xv);
        _cols.Decompose(region, 1, offset, y);
        region.Assign(_cols.F[0], offset, Fr.FromInt64(divisor));
        region.Assign(_cols.F[1], offset, Fr.FromInt64(f1));
        region.Assign(_cols.F[2], offset, Fr.FromInt64(f2));
        region.Assign(_cols.F[3], offset, Fr.FromInt64(multiplier));
        region.Assign(_cols.C[0], offset + 1, Fr.FromInt64(t));
        region.Assign(_cols.C[1], offset + 1, Fr.FromInt64(unchecked(divisor - 1 - t)));
        _cols.Decompose(region, 0, offset + 1, t);
        _cols.Decompose(region, 1, offset + 1, unchecked(divisor - 1 - t));
        return (yc, y);
    }
}

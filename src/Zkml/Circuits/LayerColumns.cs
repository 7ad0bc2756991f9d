using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// The columns every layer chip shares, and the sign decomposition two of them use: a small fixed set, so the
/// circuit's width does not grow with the model. Values are signed integers embedded in the field (−v as r − v).
/// </summary>
/// <remarks>
/// Sign decomposition of v (needs |v| &lt; 2^48, which the integer executor enforces for every edge):
/// b·(1 − b) = 0 and v + b·2^48 = Σ limb_i·2^(12i) with four 12-bit limbs looked up in a 4096-row table.
/// If v ≥ 0, b = 1 would need the limbs to reach v + 2^48 ≥ 2^48; if v &lt; 0, b = 0 would need them to equal a
/// negative (in the field: huge) number. So b is exactly [v &lt; 0] and |v| &lt; 2^48 is proven.
/// </remarks>
public sealed class LayerColumns
{
    public const int LimbBits = 12;
    public const int Limbs = 4;
    public const int ValueBits = LimbBits * Limbs;

    /// <summary>Multiply-accumulate inputs; c[0], c[1] are also the decomposed values v0, v1 and c[2], c[3] their sign bits.</summary>
    public Column[] C { get; }
    /// <summary>Accumulator / result column.</summary>
    public Column Acc { get; }
    /// <summary>Limbs of v0 and of v1.</summary>
    public Column[] Limb0 { get; }
    public Column[] Limb1 { get; }
    /// <summary>Per-row constants: weights, multipliers, bias.</summary>
    public Column[] F { get; }
    /// <summary>Model constants that advice cells are copied from (equality-enabled, so part of the verifying key).</summary>
    public Column Constant { get; }
    public Column Range { get; }
    public Selector Dec0 { get; }
    public Selector Dec1 { get; }

    public LayerColumns(ConstraintSystem cs)
    {
        C = Enumerable.Range(0, 4).Select(i => cs.AdviceColumn($"c{i}")).ToArray();
        Acc = cs.AdviceColumn("acc");
        Limb0 = Enumerable.Range(0, Limbs).Select(i => cs.AdviceColumn($"v0.limb{i}")).ToArray();
        Limb1 = Enumerable.Range(0, Limbs).Select(i => cs.AdviceColumn($"v1.limb{i}")).ToArray();
        F = Enumerable.Range(0, 5).Select(i => cs.FixedColumn($"f{i}")).ToArray();
        Constant = cs.FixedColumn("constant");
        Range = cs.TableColumn($"range{LimbBits}");
        foreach (var c in C) cs.EnableEquality(c);
        cs.EnableEquality(Acc);
        cs.EnableEquality(Constant);

        Dec0 = ConfigureDecomposition(cs, "sign0", C[0], C[2], Limb0);
        Dec1 = ConfigureDecomposition(cs, "sign1", C[1], C[3], Limb1);
    }

    private Selector ConfigureDecomposition(ConstraintSystem cs, string name, Column v, Column b, Column[] limbs)
    {
        var q = cs.Selector($"{name}.q");
        Expression sum = Expression.Constant(Fr.Zero);
        for (int i = 0; i < limbs.Length; i++) sum += limbs[i].Cur * Expression.Constant(Pow2(LimbBits * i));
        cs.CreateGate(name,
            new Constraint($"{name}: sign is a bit", q * b.Cur * (Expression.Constant(Fr.One) - b.Cur)),
            new Constraint($"{name}: v + sign·2^{ValueBits} = Σ limbs", q * (v.Cur + b.Cur * Expression.Constant(Pow2(ValueBits)) - sum)));
        for (int i = 0; i < limbs.Length; i++) cs.Lookup($"{name}.limb{i}", q, (limbs[i].Cur, Range.Cur));
        return q;
    }

    /// <summary>True once a value was decomposed since <see cref="BeginSynthesis"/>: the circuit then needs the range table.</summary>
    public bool RangeUsed { get; private set; }

    /// <summary>Starts a layout (shape or witness alike, so both load the same tables).</summary>
    public void BeginSynthesis() => RangeUsed = false;

    /// <summary>
    /// Fills the 12-bit range table if a value was decomposed (call after the layout): a circuit without range checks
    /// (additions, shape ops, commitments) then needs no 2^12 rows. The limb lookups stay configured either way; their
    /// selectors are never enabled, so the inputs they look up are 0, which the zero-padded column holds.
    /// </summary>
    public void LoadTableIfUsed(CircuitBuilder builder)
    {
        if (RangeUsed) LoadTable(builder);
    }

    /// <summary>Fills the 12-bit range table; once per circuit.</summary>
    public void LoadTable(CircuitBuilder builder)
    {
        var values = new Fr[1 << LimbBits];
        for (int i = 0; i < values.Length; i++) values[i] = Fr.FromUInt64((ulong)i);
        builder.LoadTable(Range, values);
    }

    /// <summary>Assigns the sign bit and limbs of v (already in column c[which]) at one row and enables the check.</summary>
    public void Decompose(Region region, int which, int offset, long v)
    {
        RangeUsed = true;
        region.Enable(which == 0 ? Dec0 : Dec1, offset);
        long b = v < 0 ? 1 : 0;
        // Out-of-range values still get limbs (wrong ones): the lookup then rejects them instead of this code.
        long u = unchecked(v + (b << ValueBits));
        region.Assign(C[2 + which], offset, Fr.FromInt64(b));
        var limbs = which == 0 ? Limb0 : Limb1;
        for (int i = 0; i < Limbs; i++) region.Assign(limbs[i], offset, Fr.FromInt64((u >> (LimbBits * i)) & ((1L << LimbBits) - 1)));
    }

    public static Fr Pow2(int bits) => Fr.FromBigInteger(System.Numerics.BigInteger.One << bits);
}

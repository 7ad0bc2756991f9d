using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk.Chips;

/// <summary>
/// 0 ≤ x &lt; 2^bits by one lookup per value: lookup "range(bits)": where q = 1, x ∈ {0 … 2^bits − 1}; rows with
/// q = 0 look up nothing. The table takes 2^bits rows, so the circuit has at least that many.
/// </summary>
public sealed class RangeCheckChip
{
    public Column Value { get; }
    public Selector Q { get; }
    public Column Table { get; }
    public int Bits { get; }

    private RangeCheckChip(Column value, Selector q, Column table, int bits) { Value = value; Q = q; Table = table; Bits = bits; }

    public static RangeCheckChip Configure(ConstraintSystem cs, int bits, Column? valueColumn = null, string? name = null)
    {
        if (bits is < 1 or > 24) throw new ArgumentOutOfRangeException(nameof(bits), "Range tables of 1..24 bits are supported.");
        name ??= $"range{bits}";
        var value = valueColumn ?? cs.AdviceColumn($"{name}.x");
        cs.EnableEquality(value);
        var q = cs.Selector($"{name}.q");
        var table = cs.TableColumn($"{name}.table");
        cs.Lookup(name, q, (value.Cur, table.Cur));
        return new RangeCheckChip(value, q, table, bits);
    }

    /// <summary>Fills the table; call once per circuit.</summary>
    public void LoadTable(CircuitBuilder builder)
    {
        var values = new Fr[1 << Bits];
        for (int i = 0; i < values.Length; i++) values[i] = Fr.FromUInt64((ulong)i);
        builder.LoadTable(Table, values);
    }

    /// <summary>Witnesses a value and range-checks it (the prover fails later if it is out of range; the mock names the row).</summary>
    public AssignedCell Check(CircuitBuilder builder, Fr value)
    {
        var r = builder.Region(Name, 1);
        r.Enable(Q, 0);
        return r.Assign(Value, 0, value);
    }

    /// <summary>Range-checks a cell computed elsewhere by copying it in.</summary>
    public AssignedCell Check(CircuitBuilder builder, AssignedCell cell)
    {
        var r = builder.Region(Name, 1);
        r.Enable(Q, 0);
        return r.Copy(cell, Value, 0);
    }

    private string Name => $"range{Bits}";
}

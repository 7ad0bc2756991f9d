using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk.Chips;

/// <summary>
/// d = a·b + c in one row, gate "mul_add": q·(a·b + c − d) = 0. The pattern for chips: Configure declares
/// columns and gates once; the instance methods lay out regions and return assigned cells that callers copy on.
/// </summary>
public sealed class MulAddChip
{
    public Column A { get; }
    public Column B { get; }
    public Column C { get; }
    public Column D { get; }
    public Selector Q { get; }

    private MulAddChip(Column a, Column b, Column c, Column d, Selector q) { A = a; B = b; C = c; D = d; Q = q; }

    /// <summary>Declares four advice columns (equality enabled) and the gate.</summary>
    public static MulAddChip Configure(ConstraintSystem cs, string name = "mul_add")
    {
        Column a = cs.AdviceColumn($"{name}.a"), b = cs.AdviceColumn($"{name}.b"), c = cs.AdviceColumn($"{name}.c"), d = cs.AdviceColumn($"{name}.d");
        return Configure(cs, a, b, c, d, name);
    }

    /// <summary>Uses existing advice columns, so several chips can share them.</summary>
    public static MulAddChip Configure(ConstraintSystem cs, Column a, Column b, Column c, Column d, string name = "mul_add")
    {
        var q = cs.Selector($"{name}.q");
        foreach (var col in new[] { a, b, c, d }) cs.EnableEquality(col);
        cs.CreateGate(name, new Constraint($"{name}: a·b + c = d", q * (a.Cur * b.Cur + c.Cur - d.Cur)));
        return new MulAddChip(a, b, c, d, q);
    }

    /// <summary>Witnesses a, b, c and returns the cell holding a·b + c.</summary>
    public AssignedCell MulAdd(CircuitBuilder builder, Fr a, Fr b, Fr c)
    {
        var r = builder.Region("mul_add", 1);
        r.Enable(Q, 0);
        r.Assign(A, 0, a); r.Assign(B, 0, b); r.Assign(C, 0, c);
        return r.Assign(D, 0, a * b + c);
    }

    /// <summary>a·b + c for cells computed earlier, copied in with copy constraints.</summary>
    public AssignedCell MulAdd(CircuitBuilder builder, AssignedCell a, AssignedCell b, AssignedCell c)
    {
        var r = builder.Region("mul_add", 1);
        r.Enable(Q, 0);
        r.Copy(a, A, 0); r.Copy(b, B, 0); r.Copy(c, C, 0);
        return r.Assign(D, 0, a.Value * b.Value + c.Value);
    }
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Prover.Plonk.Chips;

namespace ZkmlGpu.Prover.Tests;

/// <summary>Small circuits shared by the mock, prover and encoding tests. Each can be built honest or with one bad cell.</summary>
public static class PlonkTestCircuits
{
    public sealed record Case(string Name, Func<bool, CircuitBuilder> Build, FailureKind ExpectedKind, string ExpectedName, int ExpectedRow)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<object[]> All() => Cases.Select(c => new object[] { c.Name });
    public static Case Get(string name) => Cases.Single(c => c.Name == name);

    public static readonly Case[] Cases =
    [
        new("gates", GatesOnly, FailureKind.Gate, "mul_add", 2),
        new("copies", Copies, FailureKind.Copy, "", 0),
        new("instance", Instance, FailureKind.Copy, "", 3),
        new("rotations", Rotations, FailureKind.Gate, "fib", 4),
        new("lookups", Lookups, FailureKind.Lookup, "range4", 2),
    ];

    private static Fr F(long v) => Fr.FromInt64(v);

    /// <summary>Independent mul-add rows; the bad witness breaks row 2's output.</summary>
    public static CircuitBuilder GatesOnly(bool corrupt)
    {
        var cs = new ConstraintSystem();
        var chip = MulAddChip.Configure(cs);
        var b = new CircuitBuilder(cs);
        for (int i = 0; i < 5; i++)
        {
            var d = chip.MulAdd(b, F(i + 2), F(3 * i + 1), F(7 - i));
            if (corrupt && i == 2) b.Assign(chip.D, d.Row, d.Value + Fr.One);
        }
        return b;
    }

    /// <summary>A chain x ← x·x + c carried by copies across columns; the bad witness breaks one copied input.</summary>
    public static CircuitBuilder Copies(bool corrupt)
    {
        var cs = new ConstraintSystem();
        var chip = MulAddChip.Configure(cs);
        var b = new CircuitBuilder(cs);
        var x = chip.MulAdd(b, F(2), F(3), F(1));
        for (int i = 0; i < 4; i++)
        {
            var c = b.Region("const", 1).Assign(chip.C, 0, F(i));
            x = chip.MulAdd(b, x, x, c);
        }
        // Row 1 is the first chained mul_add (row 0 computes x, rows 1.. alternate const / mul_add): copy of x into column a.
        if (corrupt) b.Assign(chip.A, 2, F(99));
        return b;
    }

    /// <summary>Computes y = a·b + c and exposes a, b and y as public inputs through copies into the instance column.</summary>
    public static CircuitBuilder Instance(bool corrupt)
    {
        var cs = new ConstraintSystem();
        var chip = MulAddChip.Configure(cs);
        var pub = cs.InstanceColumn("pub");
        cs.EnableEquality(pub);
        var b = new CircuitBuilder(cs);
        var pa = b.AddPublicInput(pub, F(6));
        var pb = b.AddPublicInput(pub, F(7));
        var pc = b.AddPublicInput(pub, F(8));
        var r = b.Region("filler", 3);
        var a0 = r.Assign(chip.A, 0, F(1)); r.Assign(chip.B, 0, F(1)); r.Assign(chip.C, 0, F(1)); r.Assign(chip.D, 0, F(2)); r.Enable(chip.Q, 0);
        var y = chip.MulAdd(b, new AssignedCell(pa.Cell, pa.Value), pb, pc);
        var yPub = b.AddPublicInput(pub, y.Value);
        b.ConstrainEqual(y.Cell, yPub.Cell);
        if (corrupt) b.SetPublicInput(pub, 3, y.Value + Fr.One);
        _ = a0;
        return b;
    }

    /// <summary>Fibonacci with next-row rotations: a' = b, b' = a + b under selector q. The bad witness breaks row 5's a.</summary>
    public static CircuitBuilder Rotations(bool corrupt)
    {
        var cs = new ConstraintSystem();
        Column a = cs.AdviceColumn("a"), bcol = cs.AdviceColumn("b");
        var q = cs.Selector("q");
        cs.CreateGate("fib", new Constraint("a' = b", q * (a.Next - bcol.Cur)), new Constraint("b' = a + b", q * (bcol.Next - a.Cur - bcol.Cur)));
        var b = new CircuitBuilder(cs);
        var r = b.Region("fib", 10);
        Fr x = F(1), y = F(1);
        for (int i = 0; i < 10; i++)
        {
            r.Assign(a, i, corrupt && i == 5 ? x + Fr.One : x);
            r.Assign(bcol, i, y);
            if (i < 9) r.Enable(q, i);
            (x, y) = (y, x + y);
        }
        return b;
    }

    /// <summary>Range checks of 4 bits plus a mul-add whose output is range-checked via a copy; the bad witness puts 16 at row 2.</summary>
    public static CircuitBuilder Lookups(bool corrupt)
    {
        var cs = new ConstraintSystem();
        var mul = MulAddChip.Configure(cs);
        var range = RangeCheckChip.Configure(cs, 4);
        var b = new CircuitBuilder(cs);
        range.LoadTable(b);
        var prod = mul.MulAdd(b, F(3), F(4), F(2)); // row 0: 14
        range.Check(b, prod);                        // row 1
        range.Check(b, corrupt ? F(16) : F(15));     // row 2
        range.Check(b, F(0));                        // row 3
        return b;
    }
}

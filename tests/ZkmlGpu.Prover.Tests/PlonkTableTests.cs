using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

/// <summary>Lookup tables accept exactly their rows: multi-column tables padded by whole rows, idle rows adding nothing.</summary>
public class PlonkTableTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    private static Fr F(long v) => Fr.FromInt64(v);

    /// <summary>Lookup "f": where q = 1, (x, y) must be a row of (tx, ty). Rows: (x, y, enabled).</summary>
    private static CircuitBuilder Build(long[] tx, long[] ty, (long X, long Y, bool On)[] rows)
    {
        var cs = new ConstraintSystem();
        Column x = cs.AdviceColumn("x"), y = cs.AdviceColumn("y");
        var q = cs.Selector("q");
        Column tableX = cs.TableColumn("tx"), tableY = cs.TableColumn("ty");
        cs.Lookup("f", q, (x.Cur, tableX.Cur), (y.Cur, tableY.Cur));
        var b = new CircuitBuilder(cs);
        b.LoadTable(tableX, tx.Select(F).ToArray());
        b.LoadTable(tableY, ty.Select(F).ToArray());
        var r = b.Region("rows", rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            r.Assign(x, i, F(rows[i].X));
            r.Assign(y, i, F(rows[i].Y));
            if (rows[i].On) r.Enable(q, i);
        }
        return b;
    }

    private static long[] Range(int count, Func<long, long> f) => Enumerable.Range(0, count).Select(i => f(i)).ToArray();

    private void AssertRejectedEverywhere(ProvingKey pk, CircuitBuilder bad, int row)
    {
        Assert.Contains(MockProver.Check(bad, pk.Vk.K).Failures, f => f.Kind == FailureKind.Lookup && f.Row == row);
        Assert.Throws<InvalidOperationException>(() => PlonkProver.Prove(pk, bad));
        var proof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, bad.PublicInputs));
    }

    [Fact]
    public void TableColumnsOfDifferentLengthsAreRefused()
    {
        // Padding each column with its own first row would make (20, 0) a row of a squares table.
        var b = Build(Range(32, v => v), Range(20, v => v * v), [(20, 0, true)]);
        var e = Assert.Throws<ArgumentException>(() => Keygen.Create(fx.Srs, fx.Device, b));
        Assert.Contains("different lengths", e.Message);
        Assert.Throws<ArgumentException>(() => MockProver.Check(b));
    }

    [Fact]
    public void PaddedTableAcceptsOnlyWholeRows()
    {
        // 20 rows padded through the usable rows with (0, 0): (20, 0) and (3, 0) stay invalid.
        var honest = Build(Range(20, v => v), Range(20, v => v * v), [(4, 16, true), (19, 361, true), (0, 0, true)]);
        Assert.True(MockProver.Check(honest).IsSatisfied);
        using var pk = Keygen.Create(fx.Srs, fx.Device, honest);
        Assert.True(pk.Vk.Layout.UsableRows > 20);
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, honest), honest.PublicInputs));
        AssertRejectedEverywhere(pk, Build(Range(20, v => v), Range(20, v => v * v), [(4, 16, true), (20, 0, true), (0, 0, true)]), 1);
        AssertRejectedEverywhere(pk, Build(Range(20, v => v), Range(20, v => v * v), [(4, 16, true), (19, 361, true), (3, 0, true)]), 2);
    }

    [Fact]
    public void IdleRowsAddNoTupleToTheTable()
    {
        // f(x) = x + 1 has f(0) ≠ 0: idle rows hold (0, 0) or anything else, and (0, 0) is still no row of the table.
        long[] tx = Range(16, v => v), ty = Range(16, v => v + 1);
        var honest = Build(tx, ty, [(3, 4, true), (0, 0, false), (7, 100, false), (15, 16, true)]);
        Assert.True(MockProver.Check(honest).IsSatisfied);
        using var pk = Keygen.Create(fx.Srs, fx.Device, honest);
        var proof = PlonkProver.Prove(pk, honest);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, honest.PublicInputs));
        // The selectors are fixed by the key: an active row cannot claim the idle rows' (0, 0) or (7, 100).
        AssertRejectedEverywhere(pk, Build(tx, ty, [(3, 4, true), (0, 0, false), (7, 100, false), (0, 0, true)]), 3);
        AssertRejectedEverywhere(pk, Build(tx, ty, [(7, 100, true), (0, 0, false), (7, 100, false), (15, 16, true)]), 0);
    }

    [Fact]
    public void LookupSelectorMustBeFixed()
    {
        var cs = new ConstraintSystem();
        var a = cs.AdviceColumn("a");
        var t = cs.TableColumn("t");
        Assert.Throws<ArgumentException>(() => cs.Lookup("prover_chooses_rows", a.Cur, (a.Cur, t.Cur)));
    }
}

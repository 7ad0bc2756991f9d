using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Prover.Plonk.Chips;

namespace ZkmlGpu.Prover.Tests;

public class PlonkMockProverTests
{
    [Theory]
    [MemberData(nameof(PlonkTestCircuits.All), MemberType = typeof(PlonkTestCircuits))]
    public void HonestWitnessSatisfiesEveryConstraint(string name)
    {
        var result = MockProver.Check(PlonkTestCircuits.Get(name).Build(false));
        Assert.True(result.IsSatisfied, result.ToString());
        Assert.Empty(result.Failures);
    }

    [Theory]
    [MemberData(nameof(PlonkTestCircuits.All), MemberType = typeof(PlonkTestCircuits))]
    public void BadWitnessIsReportedByKindNameAndRow(string name)
    {
        var c = PlonkTestCircuits.Get(name);
        var result = MockProver.Check(c.Build(true));
        Assert.False(result.IsSatisfied);
        Assert.Contains(result.Failures, f => f.Kind == c.ExpectedKind && f.Row == c.ExpectedRow && (c.ExpectedName == "" || f.Name == c.ExpectedName));
        Assert.Contains($"row {c.ExpectedRow}", result.ToString());
        Assert.Throws<InvalidOperationException>(result.AssertSatisfied);
    }

    [Fact]
    public void GateFailureNamesTheConstraintRegionAndCellValues()
    {
        var result = MockProver.Check(PlonkTestCircuits.GatesOnly(true));
        var f = Assert.Single(result.Failures);
        Assert.Equal("mul_add", f.Name);
        Assert.Equal("mul_add@2+0", f.Region);
        // Row 2 is a = 4, b = 7, c = 5, d = 33 + 1.
        Assert.Contains(("mul_add.d@2", Fr.FromUInt64(34)), f.Cells);
        Assert.Contains(("mul_add.a@2", Fr.FromUInt64(4)), f.Cells);
        Assert.Contains("a·b + c = d", f.Message);
    }

    [Fact]
    public void LookupFailureShowsTheMissingTuple()
    {
        var result = MockProver.Check(PlonkTestCircuits.Lookups(true));
        var f = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.Lookup, f.Kind);
        Assert.Equal(Fr.FromUInt64(16), f.Cells[0].Value);
        Assert.Contains("(16) is not in the table", f.Message);
    }

    [Fact]
    public void GateReadingIntoBlindingRowsIsReported()
    {
        // A rotation past the last usable row sees random blinding values, as the real prover would.
        var cs = new ConstraintSystem();
        var a = cs.AdviceColumn("a");
        var q = cs.Selector("q");
        cs.CreateGate("next_is_zero", q * a.Next);
        var b = new CircuitBuilder(cs);
        int k = 4, usable = (1 << k) - cs.BlindingFactors - 1;
        b.EnableSelector(q, usable - 1);
        var result = MockProver.Check(b, k);
        Assert.Contains(result.Failures, f => f.Name == "next_is_zero" && f.Row == usable - 1);
    }

    [Fact]
    public void PublicInputsOtherThanTheBuildersAreChecked()
    {
        var b = PlonkTestCircuits.Instance(false);
        var inputs = b.PublicInputs;
        inputs[0][0] += Fr.One;
        var result = MockProver.Check(b, publicInputs: inputs);
        Assert.Contains(result.Failures, f => f.Kind == FailureKind.Copy);
    }

    [Fact]
    public void ManyFailuresAreCountedButReportIsCapped()
    {
        var cs = new ConstraintSystem();
        var a = cs.AdviceColumn("a");
        cs.CreateGate("always_zero", a.Cur);
        var b = new CircuitBuilder(cs);
        for (int i = 0; i < 200; i++) b.Assign(a, i, Fr.One);
        var result = MockProver.Check(b);
        Assert.Equal(MockProver.MaxReported, result.Failures.Count);
        Assert.True(result.TotalFailures >= 200);
        Assert.Contains("more", result.ToString());
    }

    [Fact]
    public void CircuitThatDoesNotFitIsRejected()
    {
        var b = PlonkTestCircuits.Lookups(false); // 16-row table + blinding rows need k = 5
        Assert.Equal(5, b.MinimumK);
        Assert.Throws<ArgumentException>(() => MockProver.Check(b, 4));
        Assert.True(MockProver.Check(b, 6).IsSatisfied);
    }

    [Fact]
    public void ConstraintSystemValidatesItsInput()
    {
        var cs = new ConstraintSystem();
        var a = cs.AdviceColumn();
        var other = new Column(ColumnKind.Advice, 5); // not declared in cs
        var b = new CircuitBuilder(cs);
        Assert.Throws<ArgumentException>(() => cs.CreateGate("g", other.Cur * a.Cur));
        Assert.Throws<ArgumentException>(() => cs.CreateGate("empty", Array.Empty<Expression>()));
        cs.CreateGate("g", a.Cur);
        Assert.Throws<ArgumentException>(() => cs.CreateGate("g", a.Cur));
        Assert.Throws<ArgumentException>(() => cs.Lookup("advice_table", (a.Cur, a.Cur)));
        Assert.Throws<ArgumentException>(() => b.ConstrainEqual(a.At(0), a.At(1))); // no equality enabled
        Assert.Throws<ArgumentException>(() => b.LoadTable(cs.FixedColumn(), [Fr.One])); // not a table column
        Expression high = a.Cur;
        for (int i = 0; i < ConstraintSystem.MaxDegree; i++) high *= a.Cur;
        Assert.Throws<ArgumentException>(() => cs.CreateGate("too_high", high));
        var region = b.Region("r", 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => region.Assign(a, 2, Fr.One));
    }

    [Fact]
    public void DegreeAndBlindingFollowTheGatesAndLookups()
    {
        var cs = new ConstraintSystem();
        var chip = MulAddChip.Configure(cs);
        Assert.Equal(4, cs.Degree); // q·(a·b + c − d) times the active-row indicator
        Assert.Equal(2, cs.PermutationChunkSize);
        RangeCheckChip.Configure(cs, 3);
        Assert.Equal(4, cs.Degree); // selector-weighted: 2 + deg(x) + deg(table), and 1 + deg(q) + deg(table)
        var tuple = cs.AdviceColumn("t");
        cs.Lookup("gated_by_product", (cs.Selector("q2").Expr * tuple.Cur, cs.TableColumn("t_table").Cur));
        Assert.Equal(5, cs.Degree); // 2 + deg(q·x) + deg(table)
        Assert.Equal(5, cs.BlindingFactors);
        _ = chip;
    }
}

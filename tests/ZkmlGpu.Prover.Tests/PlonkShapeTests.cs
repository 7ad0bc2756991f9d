using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Prover.Plonk.Chips;

namespace ZkmlGpu.Prover.Tests;

public class PlonkShapeTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    /// <summary>The example of src/Prover/Plonk/README.md.</summary>
    private sealed class MulAddCircuit : ICircuit
    {
        private readonly Fr _a, _b, _c;
        private readonly MulAddChip _mul;
        private readonly RangeCheckChip _range;
        private readonly Column _out;

        public MulAddCircuit(Fr a, Fr b, Fr c)
        {
            (_a, _b, _c) = (a, b, c);
            var cs = new ConstraintSystem();
            _mul = MulAddChip.Configure(cs);
            _range = RangeCheckChip.Configure(cs, 4);
            _out = cs.InstanceColumn("out");
            cs.EnableEquality(_out);
            ConstraintSystem = cs;
        }

        public ConstraintSystem ConstraintSystem { get; }

        public void Synthesize(CircuitBuilder b)
        {
            _range.LoadTable(b);
            var y = _mul.MulAdd(b, _a, _b, _c);
            _range.Check(b, y);
            b.ConstrainEqual(y.Cell, b.AddPublicInput(_out, y.Value).Cell);
        }
    }

    [Fact]
    public void ReadmeExampleProves()
    {
        var circuit = new MulAddCircuit(Fr.FromUInt64(2), Fr.FromUInt64(3), Fr.FromUInt64(4));
        MockProver.Check(circuit).AssertSatisfied();
        using var pk = Keygen.Create(fx.Srs, fx.Device, new MulAddCircuit(default, default, default));
        var proof = PlonkProver.Prove(pk, circuit);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, [[Fr.FromUInt64(10)]]));
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, [[Fr.FromUInt64(11)]]));
    }

    [Fact]
    public void ShapeOnlySynthesisKeepsNoAdviceAndGivesTheSameKey()
    {
        var circuit = new SyntheticCircuit(6);
        var shape = CircuitShape.Of(circuit);
        var builder = CircuitBuilder.ForShape(circuit.ConstraintSystem);
        circuit.Synthesize(builder);
        Assert.True(builder.IsShapeOnly);
        Assert.Equal(Fr.Zero, builder.ValueOf(new Cell(new Column(ColumnKind.Advice, 0), 3)));
        Assert.Equal(circuit.Witness().RowsUsed, shape.RowsUsed);
        using var fromShape = Keygen.Create(fx.Srs, fx.Device, shape, 6);
        using var fromWitness = Keygen.Create(fx.Srs, fx.Device, circuit.Witness(), 6);
        Assert.Equal(fromWitness.Vk.Digest, fromShape.Vk.Digest);
        Assert.Throws<ArgumentException>(() => MockProver.Check(builder));
    }

    [Fact]
    public void OneKeyProvesEveryInstanceOfTheShape()
    {
        using var pk = Keygen.Create(fx.Srs, fx.Device, new SyntheticCircuit(6, seed: 1), 6);
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var witness = SyntheticCircuit.Build(6, seed);
            Assert.True(fx.VerifyWithTrapdoor(pk.Vk, PlonkProver.Prove(pk, witness), witness.PublicInputs));
        }
    }

    [Fact]
    public void WitnessWithOtherFixedValuesCopiesOrInstanceLengthsIsRejected()
    {
        using var pk = Keygen.Create(fx.Srs, fx.Device, PlonkTestCircuits.GatesOnly(false));
        var extraSelector = PlonkTestCircuits.GatesOnly(false);
        extraSelector.EnableSelector(new Selector(new Column(ColumnKind.Fixed, 0)), 7);
        Assert.Contains("fixed column mul_add.q differs from the proving key's at row 7",
            Assert.Throws<ArgumentException>(() => PlonkProver.Prove(pk, extraSelector)).Message);
        var extraCopy = PlonkTestCircuits.GatesOnly(false);
        extraCopy.ConstrainEqual(new Cell(new Column(ColumnKind.Advice, 0), 0), new Cell(new Column(ColumnKind.Advice, 1), 0));
        Assert.Contains("1 copy constraints; the proving key's circuit has 0", Assert.Throws<ArgumentException>(() => PlonkProver.Prove(pk, extraCopy)).Message);

        var instance = PlonkTestCircuits.Instance(false);
        using var instancePk = Keygen.Create(fx.Srs, fx.Device, instance);
        var longer = new[] { instance.PublicInputs[0].Append(Fr.Zero).ToArray() };
        Assert.Contains("has 5 public inputs; the proving key's circuit has 4",
            Assert.Throws<ArgumentException>(() => PlonkProver.Prove(instancePk, instance, longer)).Message);
    }

    [Fact]
    public void CopiesDifferingFromAKeyReadFromBytesAreRejectedThroughSigma()
    {
        var builder = PlonkTestCircuits.Copies(false);
        using var keygenPk = Keygen.Create(fx.Srs, fx.Device, builder);
        using var pk = KeyEncoding.DecodeProvingKey(KeyEncoding.EncodeProvingKey(keygenPk), fx.Srs, fx.Device);
        Assert.Null(pk.Shape);
        Assert.True(fx.VerifyWithTrapdoor(pk.Vk, PlonkProver.Prove(pk, builder), builder.PublicInputs));
        var other = PlonkTestCircuits.Copies(false);
        other.ConstrainEqual(new Cell(new Column(ColumnKind.Advice, 0), 0), new Cell(new Column(ColumnKind.Advice, 1), 0));
        Assert.Contains("copy constraints differ", Assert.Throws<ArgumentException>(() => PlonkProver.Prove(pk, other)).Message);
    }
}

using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Softmax: the proven max, the exp table, the exact sum and the division by it, each tamper-proof.</summary>
public class SoftmaxChipTests(ITestOutputHelper output)
{
    /// <summary>Softmax over the last axis of a 2×5 input at scale 6, lookup range [−256, 0] (reals [−4, 0]), so lines clamp.</summary>
    private static (QuantizedModel Model, IReadOnlyList<long[]> Inputs) Small(int axis = -1)
    {
        var bytes = OnnxModelBuilder.Unary("Softmax", [2, 5], 13, ("axis", axis)).Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "softmax"), new Settings { InputScale = 6, ParamScale = 6, LookupMin = -256, LookupMax = 0 });
        // Ties, a clamped difference (−300 < −256), a line of equal values and negative inputs.
        long[] x = [10, 10, -5, 64, -300, 0, 0, 0, 0, 0];
        return (model, [x]);
    }

    private static Node SoftmaxNode(QuantizedModel m) => m.Graph.Nodes.Single(n => n.Op == OpKind.Softmax);

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void HonestWitnessMatchesTheExecutor(int axis)
    {
        var (model, inputs) = Small(axis);
        var circuit = new ModelCircuit(model, inputs);
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.Single().Data.Select(Fr.FromInt64), b.PublicInputs[1]);
        int n = axis == 0 ? 2 : 5;
        Assert.Equal(10 / n * SoftmaxChip.RowsPerLine(n), b.Regions.Single(r => r.Name.Contains("(Softmax)")).Rows);
        output.WriteLine($"axis {axis}: layer rows {b.Regions.Sum(r => r.Rows)}, table rows {circuit.Chips.Get<LookupChip>().TableRows.Sum(r => r.Rows)}, k {mock.K}");
    }

    [Fact]
    public void ANonMaximalElementClaimedAsTheMaxIsRejected()
    {
        var (model, inputs) = Small();
        var plain = new ModelCircuit(model, inputs);
        // Line 0 = [10, 10, −5, 64, −300]: the chain's last pair (rows 0..3) outputs the max; claim 10 instead of 64.
        var bad = new ModelCircuit(model, inputs)
        {
            AfterNode = (b, node, region) =>
            {
                if (node.Op == OpKind.Softmax) b.Assign(plain.Columns.Acc, region.Start + 3, Fr.FromInt64(10));
            },
        };
        LookupChipTests.AssertRejectedAt(bad, model, OpKind.Softmax, "max");
    }

    [Fact]
    public void AWrongSumIsRejected()
    {
        var (model, inputs) = Small();
        var plain = new ModelCircuit(model, inputs);
        int sumRow = 4 + 3 * 5 + DotProductChip.RowsFor(5) - 1;
        var bad = new ModelCircuit(model, inputs)
        {
            AfterNode = (b, node, region) =>
            {
                if (node.Op != OpKind.Softmax) return;
                var cell = plain.Columns.Acc.At(region.Start + sumRow);
                b.Assign(cell.Column, cell.Row, b.ValueOf(cell) + Fr.One);
            },
        };
        LookupChipTests.AssertRejectedAt(bad, model, OpKind.Softmax, "dot");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void AWronglyRoundedQuotientIsRejected(int delta)
    {
        var (model, inputs) = Small();
        for (int element = 0; element < 10; element += 3)
        {
            var bad = new ModelCircuit(model, inputs) { CheckAgainstExecutorValues = false };
            int target = element;
            bad.Chips.Get<SoftmaxChip>().ClaimedQuotient = (i, y) => i == target ? y + delta : y;
            var mock = MockProver.Check(bad);
            Assert.False(mock.IsSatisfied);
            string node = SoftmaxNode(model).Name;
            Assert.Contains(mock.Failures, f => f.Region!.StartsWith($"{node} (Softmax)@") && (f.Name.StartsWith("divcell") || f.Name.StartsWith("sign")));
        }
    }

    [Fact]
    public void FloorDivisionInsteadOfRoundingIsRejected()
    {
        var (model, inputs) = Small();
        var acts = IntegerExecutor.Run(model, inputs);
        var bad = new ModelCircuit(model, inputs) { CheckAgainstExecutorValues = false };
        // Recompute each quotient as ⌊e·2^s / S⌋; some differ from the rounded ones.
        var x = inputs[0];
        var floors = new long[10];
        foreach (var line in IntegerOps.AxisLines([2, 5], 1))
        {
            long m = line.Max(j => x[j]);
            var e = line.Select(j => IntegerOps.SoftmaxExp(Math.Max(x[j] - m, -256), 6)).ToArray();
            for (int i = 0; i < line.Length; i++) floors[line[i]] = (e[i] << 6) / e.Sum();
        }
        Assert.NotEqual(acts.Outputs.Single().Data, floors);
        bad.Chips.Get<SoftmaxChip>().ClaimedQuotient = (i, _) => floors[i];
        LookupChipTests.AssertRejectedAt(bad, model, OpKind.Softmax, "divcell");
    }

    [Fact]
    public void ATamperedExpValueIsRejectedByTheLookup()
    {
        var (model, inputs) = Small();
        var bad = new ModelCircuit(model, inputs) { CheckAgainstExecutorValues = false };
        // Consistent downstream: the sum and quotients follow the claimed e, so only the lookup can object.
        bad.Chips.Get<SoftmaxChip>().ClaimedExp = (i, e) => i == 1 ? e + 1 : e;
        var mock = MockProver.Check(bad);
        Assert.False(mock.IsSatisfied);
        string node = SoftmaxNode(model).Name;
        Assert.All(mock.Failures, f => Assert.StartsWith("lookup", f.Name));
        Assert.Contains(mock.Failures, f => f.Region!.StartsWith($"{node} (Softmax)@"));
    }

    [Fact]
    public void SharedModelMatchesTheExecutorAndProves()
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, "1l_softmax");
        var floats = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), floats), new Settings());
        model = Calibration.Calibrate(model, [floats], margin: 64);
        var inputs = IntegerExecutor.QuantizeInputs(model, floats);
        var circuit = new ModelCircuit(model, inputs);
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), CircuitBuilder.Synthesize(circuit, 0, []).PublicInputs[1]);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        output.WriteLine($"1l_softmax: lookup range [{model.Settings.LookupMin}, {model.Settings.LookupMax}], rows {shape.RowsUsed}, k {shape.MinimumK}");
        Assert.True(shape.MinimumK <= 13);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7), device, shape);
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, circuit), circuit.PublicInputs()));
        var bad = new ModelCircuit(model, inputs) { CheckAgainstExecutorValues = false };
        bad.Chips.Get<SoftmaxChip>().ClaimedQuotient = (i, y) => i == 0 ? y + 1 : y;
        var proof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, circuit.PublicInputs()));
    }
}

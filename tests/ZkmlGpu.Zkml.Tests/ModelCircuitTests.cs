using System.Diagnostics;
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

/// <summary>Layer circuits on the shared EZKL models: honest witnesses accepted, tampered ones rejected, proofs verify.</summary>
public class ModelCircuitTests(ITestOutputHelper output)
{
    private static (QuantizedModel Model, IReadOnlyList<long[]> Inputs) Load(string name)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs), new Settings());
        return (model, IntegerExecutor.QuantizeInputs(model, inputs));
    }

    public static TheoryData<string> Covered() => new() { "1l_linear", "1l_relu", "2l_relu_fc", "1l_mlp", "1l_flatten", "1l_reshape" };

    [Theory]
    [MemberData(nameof(Covered))]
    public void HonestWitnessSatisfiesTheMockAndOutputsMatchTheExecutor(string name)
    {
        var (model, inputs) = Load(name);
        var circuit = new ModelCircuit(model, inputs);
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        var expected = IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64).ToArray();
        Assert.Equal(expected, b.PublicInputs[1]);
        Assert.Equal(circuit.PublicInputs()[1], b.PublicInputs[1]);
        Assert.Equal(circuit.PublicInputs()[0], b.PublicInputs[0]);
        output.WriteLine($"{name}: ops {string.Join(",", model.Graph.Nodes.Select(n => n.Op))}, layer rows {b.Regions.Sum(r => r.Rows)}, rows with table {b.RowsUsed}, k {mock.K}");
    }

    [Theory]
    [InlineData("1l_linear")]
    [InlineData("1l_relu")]
    [InlineData("2l_relu_fc")]
    public void ShapeKeyProvesAndVerifies(string name)
    {
        var (model, inputs) = Load(name);
        var circuit = new ModelCircuit(model, inputs);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        var srs = Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7);
        using var device = new CpuDevice();
        var sw = Stopwatch.StartNew();
        using var pk = Keygen.Create(srs, device, shape);
        double keygen = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var proof = PlonkProver.Prove(pk, circuit);
        double prove = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var pub = circuit.PublicInputs();
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, pub));
        double verify = sw.Elapsed.TotalSeconds;
        output.WriteLine($"| {name} | rows {shape.RowsUsed} | k {shape.MinimumK} | keygen {keygen:F2} s | prove {prove:F2} s | verify {verify:F3} s |");

        var wrong = pub.Select(a => (Fr[])a.Clone()).ToArray();
        wrong[1][0] += Fr.One;
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, wrong));
    }

    [Fact]
    public void WeightsAreBoundIntoTheVerifyingKey()
    {
        var (model, inputs) = Load("1l_linear");
        var (other, _) = Load("1l_linear");
        var gemm = other.Graph.Nodes.First(n => n.Op == OpKind.Gemm);
        other.Graph.FixedConstants[gemm.Inputs[1]].Data[0] += 1;
        var srs = Srs.CreateInsecureDevelopmentSrs(1 << CircuitShape.Of(new ModelCircuit(model)).MinimumK, 7);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(srs, device, new ModelCircuit(model));
        using var otherPk = Keygen.Create(srs, device, new ModelCircuit(other));
        Assert.NotEqual(pk.Vk.Digest, otherPk.Vk.Digest);
        var circuit = new ModelCircuit(model, inputs);
        var proof = PlonkProver.Prove(pk, circuit);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, circuit.PublicInputs()));
        Assert.False(PlonkVerifier.Verify(otherPk.Vk, proof, circuit.PublicInputs()));
    }

    /// <summary>Overwrites one cell of a node's region after the chip laid it out.</summary>
    private static ModelCircuit Tampered(QuantizedModel model, IReadOnlyList<long[]> inputs, OpKind op, Func<LayerColumns, RegionInfo, Cell> where, Func<Fr, Fr>? change = null)
    {
        var plain = new ModelCircuit(model, inputs);
        return new ModelCircuit(model, inputs)
        {
            AfterNode = (b, node, region) =>
            {
                if (node.Op != op) return;
                var cell = where(plain.Columns, region);
                b.Assign(cell.Column, cell.Row, (change ?? (v => v + Fr.One))(b.ValueOf(cell)));
            },
        };
    }

    private static void AssertRejectedAt(ModelCircuit circuit, QuantizedModel model, OpKind op)
    {
        var mock = MockProver.Check(circuit);
        Assert.False(mock.IsSatisfied);
        string node = model.Graph.Nodes.First(n => n.Op == op).Name;
        Assert.Contains(mock.Failures, f => f.Region is { } r && r.StartsWith($"{node} ({op})@") && f.Kind != FailureKind.Copy);
    }

    [Fact]
    public void TamperedActivationIsRejectedNamingTheNode()
    {
        var (model, inputs) = Load("2l_relu_fc");
        var gemm = model.Graph.Nodes.First(n => n.Op == OpKind.Gemm);
        int k = model.Graph[gemm.Inputs[0]].Shape[1];
        // The last accumulator row of the first output: the value later layers copy.
        AssertRejectedAt(Tampered(model, inputs, OpKind.Gemm, (c, r) => c.Acc.At(r.Start + DotProductChip.RowsFor(k) - 1)), model, OpKind.Gemm);
    }

    [Fact]
    public void TamperedRemainderIsRejectedNamingTheNode()
    {
        var (model, inputs) = Load("2l_relu_fc");
        AssertRejectedAt(Tampered(model, inputs, OpKind.Rescale, (c, r) => c.C[0].At(r.Start + 1)), model, OpKind.Rescale);
    }

    [Fact]
    public void TamperedWeightIsRejectedNamingTheNode()
    {
        var (model, inputs) = Load("2l_relu_fc");
        AssertRejectedAt(Tampered(model, inputs, OpKind.Gemm, (c, r) => c.F[0].At(r.Start)), model, OpKind.Gemm);
    }

    [Fact]
    public void ReluCannotClaimANegativeSignForAPositiveInput()
    {
        var (model, inputs) = Load("1l_relu");
        var x = IntegerExecutor.Run(model, inputs)[model.Graph.Inputs[0]].Data;
        int i = Array.FindIndex(x, v => v > 0);
        Assert.True(i >= 0);
        var plain = new ModelCircuit(model, inputs);
        var circuit = new ModelCircuit(model, inputs)
        {
            AfterNode = (b, node, region) =>
            {
                if (node.Op != OpKind.Relu) return;
                b.Assign(plain.Columns.C[2], region.Start + i, Fr.One);
                b.Assign(plain.Columns.Acc, region.Start + i, Fr.Zero);
            },
        };
        var mock = MockProver.Check(circuit);
        Assert.Contains(mock.Failures, f => f.Name.StartsWith("sign0") && f.Region!.Contains("(Relu)@"));
    }

    [Fact]
    public void ForcedProofOfATamperedWitnessFailsVerification()
    {
        var (model, inputs) = Load("1l_relu");
        var shape = CircuitShape.Of(new ModelCircuit(model));
        using var device = new CpuDevice();
        using var pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7), device, shape);
        var honest = new ModelCircuit(model, inputs);
        var bad = Tampered(model, inputs, OpKind.Relu, (c, r) => c.Acc.At(r.Start));
        Assert.False(MockProver.Check(bad).IsSatisfied);
        var proof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, honest.PublicInputs()));
    }

    /// <summary>Add and Sub of two activations and with constants, MatMul with a bias Add, ReLU.</summary>
    private static (QuantizedModel, IReadOnlyList<long[]>) ElementwiseModel()
    {
        var bytes = new OnnxModelBuilder().Input("a", 2, 3).Input("b", 2, 3)
            .Float("c", [0.5f, -1.25f, 2f], 3).Float("w", [0.5f, -0.25f, 1f, 0.75f, -1f, 0.125f, 2f, -0.5f, 0.3f, 0.6f, -0.7f, 0.9f], 3, 4).Float("bias", [0.1f, -0.2f, 0.3f, -0.4f], 4)
            .Node("Add", ["a", "b"], ["s"]).Node("Sub", ["s", "c"], ["t"]).Node("MatMul", ["t", "w"], ["u"]).Node("Add", ["u", "bias"], ["v"])
            .Node("Relu", ["v"], ["y"]).Output("y").Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "elementwise"), new Settings());
        float[] a = [0.5f, -1.5f, 2.25f, -0.75f, 1f, -2f], b = [1.5f, 0.25f, -1f, -3f, 0.5f, 0.125f];
        return (model, IntegerExecutor.QuantizeInputs(model, [a, b]));
    }

    [Fact]
    public void AddSubAndMatMulWithBiasMatchTheExecutor()
    {
        var (model, inputs) = ElementwiseModel();
        Assert.Contains(model.Graph.Nodes, n => n.Op == OpKind.Sub);
        Assert.Contains(model.Graph.Nodes, n => n.Op == OpKind.MatMul);
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), b.PublicInputs[1]);
        output.WriteLine($"elementwise: ops {string.Join(",", model.Graph.Nodes.Select(n => n.Op))}");

        AssertRejectedAt(Tampered(model, inputs, OpKind.Add, (c, r) => c.Acc.At(r.Start)), model, OpKind.Add);
        AssertRejectedAt(Tampered(model, inputs, OpKind.Sub, (c, r) => c.F[4].At(r.Start + 1)), model, OpKind.Sub);
    }

    [Fact]
    public void MaxAndMinOfActivationsAndConstantsMatchTheExecutorAndRejectTheOtherOperand()
    {
        var bytes = new OnnxModelBuilder().Input("a", 2, 3).Input("b", 2, 3).Float("c", [0.5f, -1.25f, 2f], 3)
            .Node("Max", ["a", "b"], ["m"]).Node("Min", ["m", "c"], ["y"]).Output("y").Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "maxmin"), new Settings());
        float[] a = [0.5f, -1.5f, 2.25f, -0.75f, 1f, -2f], b = [1.5f, -1.5f, -1f, -3f, 0.5f, 0.125f];
        var inputs = IntegerExecutor.QuantizeInputs(model, [a, b]);
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), CircuitBuilder.Synthesize(circuit, 0, []).PublicInputs[1]);
        // Claiming the smaller operand as the maximum (or the larger as the minimum) breaks the gate at that row.
        AssertRejectedAt(Tampered(model, inputs, OpKind.Max, (c, r) => c.Acc.At(r.Start), v => v - Fr.FromInt64(1L << 12)), model, OpKind.Max);
        AssertRejectedAt(Tampered(model, inputs, OpKind.Min, (c, r) => c.C[2].At(r.Start + 2), v => Fr.One - v), model, OpKind.Min);
    }

    [Fact]
    public void UnsupportedOpNamesTheNodeAndOp()
    {
        // ConvTranspose has no circuit (Sigmoid, the op used here before, now has the lookup chip).
        var bytes = new OnnxModelBuilder().Input("x", 1, 1, 3, 3).Float("w", Enumerable.Repeat(0.5f, 4).ToArray(), 1, 1, 2, 2)
            .Node("ConvTranspose", ["x", "w"], ["y"]).Output("y").Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "deconv"), new Settings());
        var node = model.Graph.Nodes.First(n => n.Op == OpKind.ConvTranspose);
        var e = Assert.Throws<ModelFormatException>(() => new ModelCircuit(model));
        Assert.Contains($"'{node.Name}' (ConvTranspose)", e.Message);
    }
}

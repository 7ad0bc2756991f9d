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

/// <summary>Conv / ConvTranspose, Gemm / MatMul (constant and activation B), Mul, AveragePool and ReduceSum / ReduceMean circuits.</summary>
public class LinearAlgebraChipTests(ITestOutputHelper output)
{
    private static (QuantizedModel Model, IReadOnlyList<long[]> Inputs) Load(string name)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs), new Settings());
        return (model, IntegerExecutor.QuantizeInputs(model, inputs));
    }

    private static (QuantizedModel Model, IReadOnlyList<long[]> Inputs) Build(OnnxModelBuilder builder, string name, params int[][] inputShapes)
    {
        var model = Quantizer.Quantize(OnnxImporter.Load(builder.Build(), name), new Settings());
        var rng = new Random(name.Length * 7919 + 3);
        var inputs = inputShapes.Select(s => Enumerable.Range(0, s.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray()).ToArray();
        return (model, IntegerExecutor.QuantizeInputs(model, inputs));
    }

    private static float[] Floats(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Mock-satisfied, and the public outputs are the integer executor's.</summary>
    private MockResult AssertHonest(QuantizedModel model, IReadOnlyList<long[]> inputs, string name)
    {
        var circuit = new ModelCircuit(model, inputs);
        var sw = Stopwatch.StartNew();
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, circuit.ConstraintSystem.Challenges.Select(_ => Fr.Zero).ToArray());
        var expected = IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64).ToArray();
        Assert.Equal(expected, b.PublicInputs[1]);
        var rows = model.Graph.Nodes.Where(n => circuit.RowsOf(n) > 0).Select(n => $"{n.Op} {circuit.RowsOf(n)}");
        output.WriteLine($"{name}: {string.Join(", ", rows)}; rows with table {b.RowsUsed}, k {mock.K}, mock {sw.Elapsed.TotalSeconds:F1} s");
        return mock;
    }

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

    public static TheoryData<string> SharedModels() => new() { "1l_conv", "3l_relu_conv_fc", "4l_relu_conv_fc", "1l_batch_norm", "1l_mean", "lenet_5" };

    [Theory]
    [MemberData(nameof(SharedModels))]
    public void SharedModelsAreSatisfiedAndMatchTheExecutor(string name)
    {
        var (model, inputs) = Load(name);
        AssertHonest(model, inputs, name);
    }

    [Fact]
    public void LenetConvRowsPerMultiplyAccumulate()
    {
        var (model, _) = Load("lenet_5");
        var circuit = new ModelCircuit(model);
        foreach (var n in model.Graph.Nodes.Where(n => n.Op == OpKind.Conv))
        {
            var g = model.Graph;
            var (start, _, _) = KernelIndices.ConvolutionTaps(n, g[n.Inputs[0]].Shape, g[n.Inputs[1]].Shape, g[n.Outputs[0]].Shape);
            int macs = start[^1], rows = circuit.RowsOf(n);
            output.WriteLine($"lenet_5 {n.Name}: {rows} rows, {macs} MACs, {(double)rows / macs:F3} rows per MAC");
            Assert.True(rows <= macs / 4 + start.Length - 1);
        }
    }

    /// <summary>2-D Conv (stride, pads, dilation, groups, bias), 1-D Conv, ConvTranspose (stride, pads, output_padding, groups).</summary>
    public static TheoryData<string> ConvCases() => new() { "conv2d", "conv1d", "convT2d", "convT1d" };

    private static (QuantizedModel, IReadOnlyList<long[]>) ConvModel(string which) => which switch
    {
        "conv2d" => Build(new OnnxModelBuilder().Input("x", 1, 4, 6, 5).Float("w", Floats(6 * 2 * 3 * 3, 1), 6, 2, 3, 3).Float("b", Floats(6, 2), 6)
            .Node("Conv", ["x", "w", "b"], ["y"], ("strides", new[] { 2, 1 }), ("pads", new[] { 1, 2, 0, 1 }), ("dilations", new[] { 1, 2 }), ("group", 2), ("kernel_shape", new[] { 3, 3 }))
            .Output("y"), which, [1, 4, 6, 5]),
        "conv1d" => Build(new OnnxModelBuilder().Input("x", 2, 3, 9).Float("w", Floats(4 * 3 * 3, 3), 4, 3, 3)
            .Node("Conv", ["x", "w"], ["y"], ("strides", new[] { 2 }), ("pads", new[] { 1, 1 }), ("kernel_shape", new[] { 3 }))
            .Output("y"), which, [2, 3, 9]),
        "convT2d" => Build(new OnnxModelBuilder().Input("x", 1, 4, 3, 4).Float("w", Floats(4 * 3 * 3 * 2, 4), 4, 3, 3, 2).Float("b", Floats(6, 5), 6)
            .Node("ConvTranspose", ["x", "w", "b"], ["y"], ("strides", new[] { 2, 3 }), ("pads", new[] { 1, 0, 0, 1 }), ("output_padding", new[] { 1, 1 }), ("group", 2), ("kernel_shape", new[] { 3, 2 }))
            .Output("y"), which, [1, 4, 3, 4]),
        _ => Build(new OnnxModelBuilder().Input("x", 1, 2, 5).Float("w", Floats(2 * 3 * 4, 6), 2, 3, 4)
            .Node("ConvTranspose", ["x", "w"], ["y"], ("strides", new[] { 2 }), ("dilations", new[] { 2 }), ("pads", new[] { 1, 2 }), ("kernel_shape", new[] { 4 }))
            .Output("y"), which, [1, 2, 5]),
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void ConvolutionsMatchTheExecutorAndRejectTampering(string which)
    {
        var (model, inputs) = ConvModel(which);
        AssertHonest(model, inputs, which);
        var node = model.Graph.Nodes.First(n => n.Op is OpKind.Conv or OpKind.ConvTranspose);
        var op = node.Op;
        // The first row holding a real tap (an output may have none: a ConvTranspose stride gap).
        var g = model.Graph;
        var (start, _, _) = KernelIndices.ConvolutionTaps(node, g[node.Inputs[0]].Shape, g[node.Inputs[1]].Shape, g[node.Outputs[0]].Shape);
        int tapRow = 0;
        for (int o = 0; start[o + 1] == start[o]; o++) tapRow += DotProductChip.RowsFor(0);
        AssertRejectedAt(Tampered(model, inputs, op, (c, r) => c.Acc.At(r.Start)), model, op);
        AssertRejectedAt(Tampered(model, inputs, op, (c, r) => c.F[0].At(r.Start + tapRow)), model, op);
        AssertRejectedAt(Tampered(model, inputs, op, (c, r) => c.F[4].At(r.Start)), model, op);
    }

    [Fact]
    public void ConvModelProvesAndVerifiesAndATamperedProofFails()
    {
        var (model, inputs) = ConvModel("conv1d");
        var shape = CircuitShape.Of(new ModelCircuit(model));
        Assert.True(shape.MinimumK <= 13);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7), device, shape);
        var honest = new ModelCircuit(model, inputs);
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, honest), honest.PublicInputs()));
        var bad = Tampered(model, inputs, OpKind.Conv, (c, r) => c.Acc.At(r.Start));
        var proof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, honest.PublicInputs()));
    }

    [Fact]
    public void MulOfActivationsAndByConstantsBroadcastsAsTheExecutor()
    {
        var (model, inputs) = Build(new OnnxModelBuilder().Input("a", 2, 3).Input("b", 1, 3).Float("c", [0.5f, -1.25f], 2, 1)
            .Node("Mul", ["a", "b"], ["p"]).Node("Mul", ["c", "p"], ["y"]).Output("y"), "mul", [2, 3], [1, 3]);
        var muls = model.Graph.Nodes.Where(n => n.Op == OpKind.Mul).ToArray();
        Assert.Equal(2, muls.Length);
        AssertHonest(model, inputs, "mul");
        // The first Mul multiplies activations (gate "mul"), the second scales by a constant (gate "mul.const").
        AssertRejectedAt(Tampered(model, inputs, OpKind.Mul, (c, r) => c.Acc.At(r.Start + 4)), model, OpKind.Mul);
        var second = new ModelCircuit(model, inputs)
        {
            AfterNode = (b, node, region) =>
            {
                if (node != muls[1]) return;
                var cell = new ModelCircuit(model).Columns.F[0].At(region.Start + 1);
                b.Assign(cell.Column, cell.Row, b.ValueOf(cell) + Fr.One);
            },
        };
        var mock = MockProver.Check(second);
        Assert.Contains(mock.Failures, f => f.Name.StartsWith("mul.const") && f.Region!.StartsWith($"{muls[1].Name} (Mul)@"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AveragePoolDividesByTheExecutorsCount(bool countIncludePad)
    {
        var (model, inputs) = Build(new OnnxModelBuilder().Input("x", 1, 2, 5, 5)
            .Node("AveragePool", ["x"], ["y"], ("kernel_shape", new[] { 3, 2 }), ("strides", new[] { 2, 2 }), ("pads", new[] { 1, 1, 1, 0 }), ("count_include_pad", countIncludePad ? 1 : 0))
            .Output("y"), "avgpool" + countIncludePad, [1, 2, 5, 5]);
        AssertHonest(model, inputs, $"avgpool count_include_pad={countIncludePad}");
        // The first window's sum, then its quotient and its remainder.
        AssertRejectedAt(Tampered(model, inputs, OpKind.AveragePool, (c, r) => c.Acc.At(r.Start)), model, OpKind.AveragePool);
        AssertRejectedAt(Tampered(model, inputs, OpKind.AveragePool, (c, r) => c.C[1].At(r.Start + 1)), model, OpKind.AveragePool);
        AssertRejectedAt(Tampered(model, inputs, OpKind.AveragePool, (c, r) => c.C[0].At(r.Start + 2)), model, OpKind.AveragePool);
    }

    [Fact]
    public void ReduceSumAndReduceMeanMatchTheExecutor()
    {
        var (model, inputs) = Build(new OnnxModelBuilder().Input("x", 2, 3, 5)
            .Node("ReduceSum", ["x", "axes"], ["s"], ("keepdims", 1)).Int64("axes", [2], 1)
            .Node("ReduceMean", ["s"], ["y"], ("axes", new[] { 0, 1 }), ("keepdims", 0)).Output("y"), "reduce", [2, 3, 5]);
        AssertHonest(model, inputs, "reduce");
        AssertRejectedAt(Tampered(model, inputs, OpKind.ReduceSum, (c, r) => c.C[0].At(r.Start)), model, OpKind.ReduceSum);
        AssertRejectedAt(Tampered(model, inputs, OpKind.ReduceMean, (c, r) => c.C[1].At(r.Start + 2)), model, OpKind.ReduceMean);
    }

    [Fact]
    public void GemmWithTransposedAAndBatchedMatMulByAConstant()
    {
        var (model, inputs) = Build(new OnnxModelBuilder().Input("a", 3, 2).Float("w", Floats(3 * 4, 9), 4, 3).Float("c", Floats(4, 10), 4)
            .Float("m", Floats(2 * 4 * 2, 11), 2, 4, 2)
            .Node("Gemm", ["a", "w", "c"], ["g"], ("transA", 1), ("transB", 1)).Node("MatMul", ["g", "m"], ["y"]).Output("y"), "gemmT", [3, 2]);
        AssertHonest(model, inputs, "gemm transA");
        AssertRejectedAt(Tampered(model, inputs, OpKind.Gemm, (c, r) => c.C[1].At(r.Start)), model, OpKind.Gemm);
        AssertRejectedAt(Tampered(model, inputs, OpKind.MatMul, (c, r) => c.F[1].At(r.Start)), model, OpKind.MatMul);
    }

    /// <summary>C = A·B of two inputs as the output, at the product's scale (no Rescale after it), so a dishonest C is the claimed output.</summary>
    private static (QuantizedModel, IReadOnlyList<long[]>) FreivaldsModel()
    {
        var bytes = new OnnxModelBuilder().Input("a", 4, 6).Input("b", 6, 5).Node("MatMul", ["a", "b"], ["c"]).Output("c").Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "freivalds"), new Settings { RebaseMultiplier = 2 });
        Assert.DoesNotContain(model.Graph.Nodes, n => n.Op == OpKind.Rescale);
        var rng = new Random(5);
        float[] Rand(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        return (model, IntegerExecutor.QuantizeInputs(model, [Rand(24), Rand(30)]));
    }

    [Fact]
    public void ActivationMatMulPicksFreivaldsForLargeAndProductsForSmallSharedDimensions()
    {
        // MatMul 4×6 · 6×5: Freivalds 28 rows, products 60. Gemm Aᵀ·Bᵀ, 3×3 · 3×1 (K odd: a padded pair): products 6 rows, Freivalds 9.
        var (model, inputs) = Build(new OnnxModelBuilder().Input("a", 4, 6).Input("b", 6, 5).Input("e", 3, 3).Input("f", 1, 3)
            .Node("MatMul", ["a", "b"], ["c"]).Node("Gemm", ["e", "f"], ["g"], ("transA", 1), ("transB", 1)).Output("c").Output("g"),
            "actmm", [4, 6], [6, 5], [3, 3], [1, 3]);
        var circuit = new ModelCircuit(model, inputs);
        Assert.Equal(FreivaldsChip.RowsFor(4, 6, 5), circuit.RowsOf(model.Graph.Nodes.First(n => n.Op == OpKind.MatMul)));
        Assert.Equal(ActivationDotChip.RowsFor(3, 3, 1), circuit.RowsOf(model.Graph.Nodes.First(n => n.Op == OpKind.Gemm)));
        Assert.True(ActivationDotChip.RowsFor(3, 3, 1) < FreivaldsChip.RowsFor(3, 3, 1) && FreivaldsChip.RowsFor(4, 6, 5) < ActivationDotChip.RowsFor(4, 6, 5));
        AssertHonest(model, inputs, "activation matmul");
        AssertRejectedAt(Tampered(model, inputs, OpKind.Gemm, (c, r) => c.Acc.At(r.Start + 1)), model, OpKind.Gemm);
        // C of the Freivalds product, overwritten after the check was laid out.
        AssertRejectedAt(Tampered(model, inputs, OpKind.MatMul, (c, r) => c.C[1].At(r.Start)), model, OpKind.MatMul);
    }

    private static ModelCircuit WrongProduct(QuantizedModel model, IReadOnlyList<long[]> inputs, Func<int, long, long> claim)
    {
        var c = new ModelCircuit(model, inputs);
        c.Chips.Get<FreivaldsChip>().Claimed = claim;
        return c;
    }

    [Fact]
    public void FreivaldsRejectsAWrongProductAndItsChallengeIsDrawnAfterC()
    {
        var (model, inputs) = FreivaldsModel();
        AssertHonest(model, inputs, "freivalds");
        var honest = new ModelCircuit(model, inputs);
        var chip = honest.Chips.Get<FreivaldsChip>();
        // C lives in phase-0 columns; the challenge is drawn after phase 0 and the check's columns are phase 1.
        Assert.Equal(0, chip.R.Phase);
        Assert.All(honest.Columns.C, c => Assert.Equal(0, honest.ConstraintSystem.PhaseOf(c)));
        Assert.Equal(2, honest.ConstraintSystem.PhaseCount);

        // One wrong entry: the mock (random r) rejects it at the MatMul's check.
        var oneWrong = WrongProduct(model, inputs, (i, v) => i == 7 ? v + 1 : v);
        var mock = MockProver.Check(oneWrong);
        Assert.False(mock.IsSatisfied);
        string node = model.Graph.Nodes.First(n => n.Op == OpKind.MatMul).Name;
        Assert.Contains(mock.Failures, f => f.Region is { } r && r.StartsWith($"{node} (MatMul)@"));

        // Errors that cancel for r = 1 (row 0: +1 at j = 0, −1 at j = 1) pass with v = (1, 1, …) but not for a random r.
        var cancels = WrongProduct(model, inputs, (i, v) => i == 0 ? v + 1 : i == 1 ? v - 1 : v);
        var atOne = CircuitBuilder.Synthesize(cancels, 1, [Fr.One]);
        Assert.True(MockProver.Check(atOne).IsSatisfied);
        Assert.False(MockProver.Check(cancels).IsSatisfied);
        // And an error in C's column 1 or later passes for r = 0 (v = e_0) only.
        var late = WrongProduct(model, inputs, (i, v) => i == 3 ? v + 5 : v);
        Assert.True(MockProver.Check(CircuitBuilder.Synthesize(late, 1, [Fr.Zero])).IsSatisfied);
        Assert.False(MockProver.Check(late).IsSatisfied);
    }

    [Fact]
    public void FreivaldsProofVerifiesAndAForcedProofOfAWrongProductFails()
    {
        var (model, inputs) = FreivaldsModel();
        var shape = CircuitShape.Of(new ModelCircuit(model));
        Assert.True(shape.MinimumK <= 13);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7), device, shape);
        var honest = new ModelCircuit(model, inputs);
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, honest), honest.PublicInputs()));
        // The dishonest prover's C is its output, so the public outputs it claims carry the wrong entry too.
        var bad = WrongProduct(model, inputs, (i, v) => i == 7 ? v + 1 : v);
        var claimed = honest.PublicInputs().Select(a => (Fr[])a.Clone()).ToArray();
        claimed[1][7] += Fr.One;
        var proof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, claimed));
    }
}

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

/// <summary>Shape ops as zero-row reindexing (<see cref="ReindexChip"/>) and Cast (<see cref="CastChip"/>).</summary>
public class ShapeChipTests(ITestOutputHelper output)
{
    private static readonly float[] X24 = Enumerable.Range(0, 24).Select(i => (i * 7 % 11 - 5) * 0.375f).ToArray();

    /// <summary>Relu → op → Relu, so the op's input cells are computed by a gate and its output cells are copied into one.</summary>
    private static (QuantizedModel, IReadOnlyList<long[]>) Sandwich(string op, int[] inShape, string[] extraInputs, Action<OnnxModelBuilder> constants, int opset = 13, params (string, object)[] attributes)
    {
        var b = new OnnxModelBuilder(opset).Input("x", inShape).Node("Relu", ["x"], ["r"]);
        constants(b);
        b.Node(op, ["r", .. extraInputs], ["s"], attributes).Node("Relu", ["s"], ["y"]).Output("y");
        var model = Quantizer.Quantize(OnnxImporter.Load(b.Build(), op.ToLowerInvariant()), new Settings());
        int n = inShape.Aggregate(1, (p, d) => p * d);
        // Relu's input is shifted so some activations are negative (zero after the Relu) and most positive.
        return (model, IntegerExecutor.QuantizeInputs(model, [X24.Take(n).Select(v => v + 1f).ToArray()]));
    }

    public static TheoryData<string> Ops() => new() { "Transpose", "Slice", "Gather", "GatherElements", "Expand", "Pad", "Concat", "Trilu", "Cast", "Reshape", "Flatten", "Identity" };

    private static (QuantizedModel, IReadOnlyList<long[]>) ModelFor(string op) => op switch
    {
        "Transpose" => Sandwich(op, [2, 3, 4], [], _ => { }, attributes: ("perm", new[] { 2, 0, 1 })),
        "Slice" => Sandwich(op, [2, 3, 4], ["st", "en", "ax", "sp"], b => b.Int64("st", [1, 0], 2).Int64("en", [3, 4], 2).Int64("ax", [1, 2], 2).Int64("sp", [1, 2], 2)),
        "Gather" => Sandwich(op, [2, 3, 4], ["ix"], b => b.Int64("ix", [2, 0, 2], 3), attributes: ("axis", 1)),
        "GatherElements" => Sandwich(op, [2, 3, 4], ["ix"], b => b.Int64("ix", Enumerable.Range(0, 12).Select(i => (long)(i * 5 % 4)).ToArray(), 2, 3, 2), attributes: ("axis", 2)),
        "Expand" => Sandwich(op, [3, 1], ["sh"], b => b.Int64("sh", [2, 3, 4], 3)),
        "Pad" => Sandwich(op, [2, 3, 4], ["pads", "pv"], b => b.Int64("pads", [0, 1, 2, 0, 0, 1], 6).Float("pv", [0.75f], 1)),
        "Concat" => Sandwich(op, [2, 3, 4], ["c"], b => b.Float("c", Enumerable.Range(0, 8).Select(i => i * 0.25f - 1f).ToArray(), 2, 1, 4), attributes: ("axis", 1)),
        "Trilu" => Sandwich(op, [2, 3, 4], ["k"], b => b.Int64("k", [1], 1), opset: 14, attributes: ("upper", 0)),
        "Cast" => Sandwich(op, [2, 3, 4], [], _ => { }, attributes: ("to", 1)),
        "Reshape" => Sandwich(op, [2, 3, 4], ["sh"], b => b.Int64("sh", [4, 6], 2)),
        "Flatten" => Sandwich(op, [2, 3, 4], [], _ => { }, attributes: ("axis", 2)),
        _ => Sandwich(op, [2, 3, 4], [], _ => { }),
    };

    /// <summary>The node the op became (Flatten imports as a Reshape).</summary>
    private static Node NodeOf(QuantizedModel model, string op) => model.Graph.Nodes.Single(n => n.Op != OpKind.Relu);

    [Theory]
    [MemberData(nameof(Ops))]
    public void ShapeOpTakesNoRowsAndMatchesTheExecutor(string op)
    {
        var (model, inputs) = ModelFor(op);
        var node = NodeOf(model, op);
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        var acts = IntegerExecutor.Run(model, inputs);
        Assert.Equal(acts.Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), b.PublicInputs[1]);
        Assert.Equal(0, circuit.RowsOf(node));
        Assert.DoesNotContain(b.Regions, r => r.Name.StartsWith(node.Name + " "));
        output.WriteLine($"{op}: {model.Graph[node.Inputs[0]].Shape} → {model.Graph[node.Outputs[0]].Shape}, 0 rows; circuit rows {b.Regions.Sum(r => r.Rows)}");
    }

    /// <summary>
    /// The later Relu's first row takes the input it would have if the shape op had chosen another source cell: every
    /// gate and lookup of the row still holds (the whole row is that of another element), only the copy breaks.
    /// </summary>
    private static ModelCircuit AnotherSource(QuantizedModel model, IReadOnlyList<long[]> inputs)
    {
        var relu = model.Graph.Nodes.Last(n => n.Op == OpKind.Relu);
        var cols = new ModelCircuit(model, inputs).Columns;
        Column[] rowCells = [cols.C[0], cols.C[2], cols.Acc, .. cols.Limb0];
        return new ModelCircuit(model, inputs)
        {
            AfterNode = (b, n, region) =>
            {
                if (n != relu) return;
                int victim = region.Start;
                int other = Enumerable.Range(region.Start, region.Rows).First(r => b.ValueOf(cols.C[0].At(r)) != b.ValueOf(cols.C[0].At(victim)));
                foreach (var c in rowCells) b.Assign(c, victim, b.ValueOf(c.At(other)));
            },
        };
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void AnotherSourceCellBreaksTheCopyConstraint(string op)
    {
        var (model, inputs) = ModelFor(op);
        var mock = MockProver.Check(AnotherSource(model, inputs));
        Assert.False(mock.IsSatisfied);
        Assert.All(mock.Failures, f => Assert.Equal(FailureKind.Copy, f.Kind));
        output.WriteLine($"{op}: {mock.Failures[0]}");
    }

    [Fact]
    public void TransposeProvesAndAForcedProofFromAnotherSourceFailsVerification()
    {
        var (model, inputs) = ModelFor("Transpose");
        var honest = new ModelCircuit(model, inputs);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        var srs = Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(srs, device, shape);
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, honest), honest.PublicInputs()));
        var forced = PlonkProver.Prove(pk, AnotherSource(model, inputs), options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, forced, honest.PublicInputs()));
    }

    [Fact]
    public void CastToAnIntegerTruncatesThroughDivChip()
    {
        var bytes = new OnnxModelBuilder().Input("x", 2, 3).Node("Cast", ["x"], ["y"], ("to", 7)).Output("y", 7).Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "cast"), new Settings());
        var inputs = IntegerExecutor.QuantizeInputs(model, [[2.75f, -2.75f, 0.5f, -0.5f, 3f, -1f]]);
        var node = NodeOf(model, "Cast");
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(new long[] { 2, -2, 0, 0, 3, -1 }.Select(Fr.FromInt64), b.PublicInputs[1]);
        Assert.Equal(DivChip.RowsPerElement * 6, circuit.RowsOf(node));

        foreach (var (cell, change) in new (Func<LayerColumns, RegionInfo, Cell>, Func<Fr, Fr>)[]
        {
            ((c, r) => c.C[1].At(r.Start + 2), v => v + Fr.One),            // −2.75 → −3 (floor), the other rounding
            ((c, r) => c.C[0].At(r.Start + 1), v => v + Fr.One),            // the remainder
        })
        {
            var cols = circuit.Columns;
            var bad = new ModelCircuit(model, inputs)
            {
                AfterNode = (bb, n, region) => { if (n == node) { var at = cell(cols, region); bb.Assign(at.Column, at.Row, change(bb.ValueOf(at))); } },
            };
            var mock = MockProver.Check(bad);
            Assert.False(mock.IsSatisfied);
            Assert.Contains(mock.Failures, f => f.Region is { } r && r.StartsWith($"{node.Name} (Cast)@") && f.Kind != FailureKind.Copy);
        }
    }

    public static TheoryData<string> EzklModels() => new() { "1l_concat", "1l_pad", "1l_flatten", "1l_reshape" };

    [Theory]
    [MemberData(nameof(EzklModels))]
    public void EzklShapeModelsSatisfyTheMock(string name)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var real = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), real), new Settings());
        var inputs = IntegerExecutor.QuantizeInputs(model, real);
        var circuit = new ModelCircuit(model, inputs);
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), b.PublicInputs[1]);
        output.WriteLine($"{name}: ops {string.Join(",", model.Graph.Nodes.Select(n => n.Op))}, layer rows {b.Regions.Sum(r => r.Rows)}, k {mock.K}");
    }
}

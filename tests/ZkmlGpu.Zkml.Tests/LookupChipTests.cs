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

/// <summary>Element-wise non-linear ops by one tagged lookup table: the executor's values exactly, nothing else.</summary>
public class LookupChipTests(ITestOutputHelper output)
{
    private const int Scale = 4;
    private const long Lo = -64, Hi = 63;

    /// <summary>A one-node model at scale 4 with the lookup domain [−64, 63] (reals [−4, 4)).</summary>
    private static QuantizedModel Unary(string op, int n, params (string, object)[] attributes)
    {
        var builder = op == "Pow"
            ? new OnnxModelBuilder().Input("x", 1, n).Float("e", [(float)attributes[0].Item2], 1).Node("Pow", ["x", "e"], ["y"]).Output("y")
            : OnnxModelBuilder.Unary(op, [1, n], 13, attributes);
        var settings = new Settings { InputScale = Scale, ParamScale = Scale, LookupMin = Lo, LookupMax = Hi };
        return Quantizer.Quantize(OnnxImporter.Load(builder.Build(), op.ToLowerInvariant()), settings);
    }

    /// <summary>Op, the first input with a value, whether 0 has none, the attribute, and the table rows expected (the representable inputs of [−64, 63]).</summary>
    public static TheoryData<string, long, bool, object?, int> Functions() => new()
    {
        { "Sigmoid", Lo, false, null, 128 }, { "Tanh", Lo, false, null, 128 }, { "Erf", Lo, false, null, 128 },
        { "Softplus", Lo, false, null, 128 }, { "Exp", Lo, false, null, 128 }, { "LeakyRelu", Lo, false, 0.125f, 128 },
        { "HardSigmoid", Lo, false, 0.25f, 128 }, { "Sqrt", 0, false, null, 64 }, { "Reciprocal", Lo, true, null, 127 },
        { "Log", 1, false, null, 63 }, { "Pow", Lo, false, 2f, 128 }, { "Pow", 0, false, 0.5f, 64 },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void EveryInputOfTheDomainGivesTheExecutorsValue(string op, long from, bool skipZero, object? attribute, int tableRows)
    {
        (string, object)[] attributes = attribute is null ? [] : [(op == "Pow" ? "exponent" : "alpha", attribute)];
        // Every input of the domain that has a value, both ends included.
        long[] xs = Enumerable.Range(0, (int)(Hi - from + 1)).Select(i => from + i).Where(x => !(skipZero && x == 0)).ToArray();
        int n = xs.Length;
        var model = Unary(op, n, attributes);
        var node = model.Graph.Nodes.Single();
        Assert.Equal(Enum.Parse<OpKind>(op), node.Op);
        var inputs = new[] { xs };
        var circuit = new ModelCircuit(model, inputs);
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.Single().Data.Select(Fr.FromInt64), b.PublicInputs[1]);
        var rows = circuit.Chips.Get<LookupChip>().TableRows;
        output.WriteLine($"{op}: table rows {string.Join(", ", rows.Select(r => $"{r.Function}: {r.Rows}"))}, layer rows {b.Regions.Sum(r => r.Rows)}, k {mock.K}");
        Assert.Equal(tableRows, rows.Single().Rows);

        // A looked-up value one step off is not in the table.
        AssertRejectedAt(Tampered(model, inputs, node.Op, n / 2), model, node.Op, "lookup");
    }

    [Fact]
    public void DistinctFunctionsShareOneTableUnderTheirOwnTags()
    {
        var bytes = new OnnxModelBuilder().Input("x", 1, 4).Node("Sigmoid", ["x"], ["a"]).Node("Tanh", ["a"], ["b"]).Node("Sigmoid", ["b"], ["c"])
            .Node("LeakyRelu", ["c"], ["d"], ("alpha", 0.5f)).Node("LeakyRelu", ["d"], ["y"], ("alpha", 0.25f)).Output("y").Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "chain"), new Settings { InputScale = Scale, ParamScale = Scale, LookupMin = Lo, LookupMax = Hi });
        var inputs = new[] { new long[] { Lo, -5, 0, Hi } };
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        // Sigmoid twice at one scale is one function; the two LeakyRelu slopes are two.
        var rows = circuit.Chips.Get<LookupChip>().TableRows;
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal((int)(Hi - Lo + 1), r.Rows));
        Assert.Equal(rows.Sum(r => r.Rows), CircuitSize.LookupTableRows(model.Graph, model.Settings));
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.Single().Data.Select(Fr.FromInt64), CircuitBuilder.Synthesize(circuit, 0, []).PublicInputs[1]);
        // Reading another function's rows: the tag is fixed, so a Tanh value at Sigmoid's tag is not in the table.
        var plain = new ModelCircuit(model, inputs);
        var bad = new ModelCircuit(model, inputs)
        {
            AfterNode = (b, node, region) =>
            {
                if (node.Op != OpKind.Tanh) return;
                long x = IntegerExecutor.Run(model, inputs)[node.Inputs[0]].Data[1];
                long sigmoid = (long)FixedPoint.Quantize(1 / (1 + Math.Exp(-FixedPoint.Dequantize(x, Scale))), Scale);
                b.Assign(plain.Columns.Acc, region.Start + 1, Fr.FromInt64(sigmoid));
            },
        };
        AssertRejectedAt(bad, model, OpKind.Tanh, "lookup");
    }

    [Fact]
    public void AnInputOutsideTheTableFailsWitnessGenerationNamingNodeAndValue()
    {
        var model = Unary("Sigmoid", 3);
        var node = model.Graph.Nodes.Single();
        foreach (long v in new[] { Hi + 1, Lo - 1 })
        {
            var e = Assert.Throws<ModelExecutionException>(() => new ModelCircuit(model, [[0, v, 1]]));
            Assert.Contains($"'{node.Name}' (Sigmoid)", e.Message);
            Assert.Contains($"input {v} at element 1", e.Message);
        }
        // Where f has no value (log 0) the executor refuses too, and the table has no row to prove one with.
        var log = Unary("Log", 2);
        var le = Assert.Throws<ModelExecutionException>(() => new ModelCircuit(log, [[1, 0]]));
        Assert.Contains($"'{log.Graph.Nodes.Single().Name}' (Log)", le.Message);
    }

    [Fact]
    public void AClampedValueForAnInputBeyondTheTableHasNoProof()
    {
        // A prover that puts x = LookupMax + 1 in the lookup row with y = f(LookupMax) (a clamp) finds no table row.
        var model = Unary("Sigmoid", 3);
        long[] x = [0, Hi, 1];
        var plain = new ModelCircuit(model, [x]);
        long edge = IntegerExecutor.Run(model, [x]).Outputs.Single().Data[1];
        var bad = new ModelCircuit(model, [x])
        {
            AfterNode = (b, node, region) =>
            {
                b.Assign(plain.Columns.C[0], region.Start + 1, Fr.FromInt64(Hi + 1));
                b.Assign(plain.Columns.Acc, region.Start + 1, Fr.FromInt64(edge));
            },
        };
        AssertRejectedAt(bad, model, OpKind.Sigmoid, "lookup");
    }

    private static (QuantizedModel Model, IReadOnlyList<long[]> Inputs) LoadCalibrated(string name)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var floats = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        // Scale 10: at the default 12, 1l_tanh's calibrated range alone is 11889 rows (k 14).
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), floats), new Settings { InputScale = 10, ParamScale = 10 });
        model = Calibration.Calibrate(model, [floats], margin: 16);
        return (model, IntegerExecutor.QuantizeInputs(model, floats));
    }

    [Theory]
    [InlineData("1l_sigmoid", OpKind.Sigmoid)]
    [InlineData("1l_tanh", OpKind.Tanh)]
    [InlineData("1l_leakyrelu", OpKind.LeakyRelu)]
    public void SharedModelsWithCalibratedSettings(string name, OpKind op)
    {
        var (model, inputs) = LoadCalibrated(name);
        var circuit = new ModelCircuit(model, inputs);
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), b.PublicInputs[1]);
        var rows = circuit.Chips.Get<LookupChip>().TableRows;
        output.WriteLine($"{name}: lookup range [{model.Settings.LookupMin}, {model.Settings.LookupMax}], table rows {rows.Sum(r => r.Rows)}, layer rows {b.Regions.Sum(r => r.Rows)}, k {mock.K}");
        Assert.True(mock.K <= 13);
        AssertRejectedAt(Tampered(model, inputs, op, 0), model, op, "lookup");
    }

    [Fact]
    public void DefaultSettingsNeedA2To17RowTable()
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, "1l_sigmoid");
        var floats = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), floats), new Settings());
        var shape = CircuitShape.Of(new ModelCircuit(model));
        Assert.True(shape.RowsUsed >= 1 << 17);
        Assert.Equal(18, shape.MinimumK);
        Assert.Equal(1L << 17, CircuitSize.LookupTableRows(model.Graph, model.Settings));
    }

    [Fact]
    public void HonestProofVerifiesAndAForcedProofOfATamperedValueDoesNot()
    {
        var (model, inputs) = LoadCalibrated("1l_sigmoid");
        var shape = CircuitShape.Of(new ModelCircuit(model));
        using var device = new CpuDevice();
        using var pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7), device, shape);
        var honest = new ModelCircuit(model, inputs);
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, honest), honest.PublicInputs()));
        var bad = Tampered(model, inputs, OpKind.Sigmoid, 0);
        Assert.False(MockProver.Check(bad).IsSatisfied);
        var proof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, honest.PublicInputs()));
        output.WriteLine($"1l_sigmoid calibrated: k {shape.MinimumK}");
    }

    /// <summary>The looked-up value (acc) of element <paramref name="element"/> one step off.</summary>
    private static ModelCircuit Tampered(QuantizedModel model, IReadOnlyList<long[]> inputs, OpKind op, int element)
    {
        var plain = new ModelCircuit(model, inputs);
        return new ModelCircuit(model, inputs)
        {
            AfterNode = (b, node, region) =>
            {
                if (node.Op != op) return;
                var cell = plain.Columns.Acc.At(region.Start + element);
                b.Assign(cell.Column, cell.Row, b.ValueOf(cell) + Fr.One);
            },
        };
    }

    internal static void AssertRejectedAt(ModelCircuit circuit, QuantizedModel model, OpKind op, string failure)
    {
        var mock = MockProver.Check(circuit);
        Assert.False(mock.IsSatisfied);
        string node = model.Graph.Nodes.First(n => n.Op == op).Name;
        Assert.Contains(mock.Failures, f => f.Region is { } r && r.StartsWith($"{node} ({op})@") && f.Name.StartsWith(failure));
    }
}

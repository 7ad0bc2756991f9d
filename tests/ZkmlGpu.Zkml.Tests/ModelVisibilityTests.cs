using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Input and output visibility: what lands in the instance columns, and the range check on private inputs.</summary>
public class ModelVisibilityTests
{
    private static (QuantizedModel Model, IReadOnlyList<long[]> Inputs) Load(string name, Settings settings)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs), settings);
        return (model, IntegerExecutor.QuantizeInputs(model, inputs));
    }

    private static Fr[] Outputs(QuantizedModel model, IReadOnlyList<long[]> inputs) =>
        IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64).ToArray();

    [Fact]
    public void PrivateInputsHaveNoInstanceCellsAndStillSatisfyTheMock()
    {
        var (model, inputs) = Load("1l_mlp", new Settings { InputVisibility = Visibility.Private });
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        var pub = circuit.PublicInputs();
        Assert.Empty(pub[0]);
        Assert.Equal(Outputs(model, inputs), pub[1]);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        Assert.Equal([0, 4], shape.InstanceLengths);
        Assert.Contains(shape.Regions, r => r.Name == "input (PrivateInput)" && r.Rows == 2); // 3 elements, two a row
        Assert.Equal(pub, CircuitBuilder.Synthesize(circuit, 0, []).PublicInputs);
    }

    [Fact]
    public void NegativePrivateInputsAreAccepted()
    {
        var (model, inputs) = Load("1l_mlp", new Settings { InputVisibility = Visibility.Private });
        var negated = inputs.Select(x => x.Select(v => -v).ToArray()).ToList();
        MockProver.Check(new ModelCircuit(model, negated)).AssertSatisfied();
    }

    [Fact]
    public void PrivateOutputsHaveNoInstanceCells()
    {
        var (model, inputs) = Load("1l_mlp", new Settings { OutputVisibility = Visibility.Private });
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        Assert.Equal(inputs[0].Select(Fr.FromInt64), circuit.PublicInputs()[0]);
        Assert.Empty(circuit.PublicInputs()[1]);
        Assert.Equal([3, 0], CircuitShape.Of(new ModelCircuit(model)).InstanceLengths);
    }

    [Fact]
    public void PrivateInputOutsideTheRangeIsRejected()
    {
        // A prover putting 2^48 in a private input cell: its sign bit and 12-bit limbs cannot add up to it.
        var (model, inputs) = Load("1l_mlp", new Settings { InputVisibility = Visibility.Private });
        var plain = new ModelCircuit(model, inputs);
        var c = plain.Columns;
        var circuit = new ModelCircuit(model, inputs)
        {
            AfterNode = (b, node, _) =>
            {
                if (node != model.Graph.Nodes[0]) return;
                var region = b.Regions.Single(r => r.Name == "input (PrivateInput)");
                b.Assign(c.C[0], region.Start, LayerColumns.Pow2(LayerColumns.ValueBits));
                b.Assign(c.C[2], region.Start, Fr.Zero);
                foreach (var limb in c.Limb0) b.Assign(limb, region.Start, Fr.Zero);
            },
        };
        var mock = MockProver.Check(circuit);
        Assert.False(mock.IsSatisfied);
        Assert.Contains(mock.Failures, f => f.Kind == FailureKind.Gate && f.Region is { } r && RegionName.Parse(r) == ("input", "PrivateInput"));
    }

    [Fact]
    public void PublicValuesOutsideTheRangeAreRefused()
    {
        var (model, inputs) = Load("1l_mlp", new Settings());
        var layout = new ModelPublicInputs(model);
        var outputs = IntegerExecutor.Run(model, inputs).Outputs[0].Data;
        long[] tooBig = [1L << model.Settings.MaxValueBits, 0, 0];
        var e = Assert.Throws<ArgumentException>(() => layout.Instance(edge => edge == "input" ? tooBig : outputs));
        Assert.Contains("outside", e.Message);
        Assert.Throws<ArgumentException>(() => layout.Instance(edge => edge == "input" ? [1, 2] : outputs));
    }

    [Fact]
    public void VisibilityIsReadAndWrittenAsLowercaseWords()
    {
        var s = Settings.FromJson("{\"inputVisibility\": \"private\"}");
        Assert.Equal(Visibility.Private, s.InputVisibility);
        Assert.Equal(Visibility.Public, s.OutputVisibility);
        Assert.Contains("\"inputVisibility\": \"private\"", s.ToJson());
        Assert.Contains("\"outputVisibility\": \"public\"", s.ToJson());
        Assert.Throws<FormatException>(() => Settings.FromJson("{\"inputVisibility\": \"sideways\"}"));
        Assert.Throws<FormatException>(() => Settings.FromJson("{\"inputVisibility\": 1}"));
    }

    [Theory]
    [InlineData("conv1 (Conv)@120+3", "conv1", "Conv")]
    [InlineData("Gemm_0/rescale (Rescale)", "Gemm_0/rescale", "Rescale")]
    [InlineData("a (b) (Relu)@0+0", "a (b)", "Relu")]
    [InlineData("x@y (MaxPool)@7+1", "x@y", "MaxPool")]
    [InlineData("input (PrivateInput)@0+1", "input", "PrivateInput")]
    public void RegionNamesParseIntoNodeAndOp(string region, string node, string op)
    {
        Assert.Equal((node, op), RegionName.Parse(region));
        Assert.Equal((node, op), RegionName.Parse(RegionName.Of(node, op)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("range table")]
    [InlineData("no op ()@1+2")]
    public void OtherRegionNamesParseToNull(string? region) => Assert.Null(RegionName.Parse(region));
}

using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Circuits.Poseidon;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Hashed inputs, outputs and weights: the instance holds TensorHash of the values, the salt is pinned to 0, proofs bind the values.</summary>
public class HashedVisibilityTests
{
    private static Settings HashedIo => new() { InputVisibility = Visibility.Hashed, OutputVisibility = Visibility.Hashed };
    private static Settings HashedWeights => new() { WeightVisibility = WeightVisibility.Hashed };

    private static (QuantizedModel Model, IReadOnlyList<long[]> Inputs) Load(string name, Settings settings)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs), settings);
        return (model, IntegerExecutor.QuantizeInputs(model, inputs));
    }

    private static long[] Outputs(QuantizedModel model, IReadOnlyList<long[]> inputs) =>
        IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).ToArray();

    private static Fr[][] Copy(Fr[][] columns) => columns.Select(c => (Fr[])c.Clone()).ToArray();

    [Fact]
    public void HashedInputAndOutputInstanceHoldsExactlyTheHashes()
    {
        var (model, inputs) = Load("1l_linear", HashedIo);
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        var pub = circuit.PublicInputs();
        Assert.Equal([TensorHash.Of(inputs[0])], pub[0]);
        Assert.Equal([TensorHash.Of(Outputs(model, inputs))], pub[1]);
        Assert.Equal(pub, CircuitBuilder.Synthesize(circuit, 0, []).PublicInputs);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        Assert.Equal([1, 1], shape.InstanceLengths);
        string input = model.Graph.Inputs[0];
        Assert.Contains(shape.Regions, r => r.Name == RegionName.Of(input, "PrivateInput"));
        Assert.Contains(shape.Regions, r => r.Name == RegionName.Of(input, "Hash"));
    }

    [Fact]
    public void HashedProofVerifiesAndFailsWithAnotherInputsHash()
    {
        var (model, inputs) = Load("1l_linear", HashedIo);
        var circuit = new ModelCircuit(model, inputs);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        var srs = Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(srs, device, shape);
        var proof = PlonkProver.Prove(pk, circuit);
        var pub = circuit.PublicInputs();
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, pub));

        var other = inputs[0].ToArray();
        other[0] += 1;
        var otherHash = new ModelPublicInputs(model).Elements(model.Graph.Inputs[0], other);
        Assert.NotEqual(pub[0], otherHash);
        var wrong = Copy(pub);
        wrong[0] = otherHash;
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, wrong));
    }

    [Fact]
    public void HashedInputChangedAfterHashingIsRejectedNamingTheRegion()
    {
        var (model, inputs) = Load("1l_linear", HashedIo);
        var plain = new ModelCircuit(model, inputs);
        string input = model.Graph.Inputs[0];
        var circuit = new ModelCircuit(model, inputs)
        {
            CheckAgainstExecutorValues = false,
            AfterNode = (b, node, _) =>
            {
                if (node != model.Graph.Nodes[0]) return;
                var region = b.Regions.Single(r => r.Name == RegionName.Of(input, "PrivateInput"));
                var cell = plain.Columns.C[0].At(region.Start);
                b.Assign(cell.Column, cell.Row, b.ValueOf(cell) + Fr.One);
            },
        };
        var mock = MockProver.Check(circuit);
        Assert.False(mock.IsSatisfied);
        Assert.Contains(mock.Failures, f => f.Kind == FailureKind.Gate && RegionName.Parse(f.Region) == (input, "PrivateInput"));
    }

    [Fact]
    public void HashedSaltCannotBeChanged()
    {
        // An honest permutation with salt 1: everything holds but the salt cell's copy of the constant 0.
        var (model, inputs) = Load("1l_linear", HashedIo);
        var circuit = new ModelCircuit(model, inputs);
        circuit.Chips.Get<BoundaryCommitmentChip>().ClaimedHashSalt = Fr.One;
        var mock = MockProver.Check(circuit);
        Assert.False(mock.IsSatisfied);
        Assert.All(mock.Failures, f => Assert.Equal(FailureKind.Copy, f.Kind));
    }

    [Theory]
    [InlineData("2l_relu_fc")]
    [InlineData("1l_conv")]
    public void HashedWeightsSatisfyTheMockAndOutputsMatchTheExecutor(string name)
    {
        var (model, inputs) = Load(name, HashedWeights);
        var circuit = new ModelCircuit(model, inputs);
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        MockProver.Check(circuit).AssertSatisfied();
        Assert.Equal(Outputs(model, inputs).Select(Fr.FromInt64), b.PublicInputs[1]);
        var weights = ModelPublicInputs.WeightTensors(model.Graph);
        Assert.NotEmpty(weights);
        Assert.Equal(weights.Select(w => TensorHash.Of(model.Graph.FixedConstants[w].Data)), b.PublicInputs[2]);
        Assert.Equal(circuit.PublicInputs(), b.PublicInputs);
        foreach (string w in weights) Assert.Contains(b.Regions, r => r.Name == RegionName.Of(w, "Weight"));
    }

    private static QuantizedModel WithFirstWeightChanged(string name, Settings settings)
    {
        var (other, _) = Load(name, settings);
        var gemm = other.Graph.Nodes.First(n => n.Op == OpKind.Gemm);
        other.Graph.FixedConstants[gemm.Inputs[1]].Data[0] += 1;
        return other;
    }

    [Fact]
    public void HashedWeightsLeaveTheKeyIndependentOfTheirValues()
    {
        using var device = new CpuDevice();
        foreach (var (settings, equal) in new[] { (HashedWeights, true), (new Settings(), false) })
        {
            var (model, _) = Load("1l_linear", settings);
            var other = WithFirstWeightChanged("1l_linear", settings);
            var srs = Srs.CreateInsecureDevelopmentSrs(1 << CircuitShape.Of(new ModelCircuit(model)).MinimumK, 7);
            using var pk = Keygen.Create(srs, device, new ModelCircuit(model));
            using var otherPk = Keygen.Create(srs, device, new ModelCircuit(other));
            Assert.Equal(equal, pk.Vk.DigestHex == otherPk.Vk.DigestHex);
        }
    }

    [Fact]
    public void HashedWeightProofsBindTheWeights()
    {
        var (model, inputs) = Load("1l_linear", HashedWeights);
        var other = WithFirstWeightChanged("1l_linear", HashedWeights);
        var srs = Srs.CreateInsecureDevelopmentSrs(1 << CircuitShape.Of(new ModelCircuit(model)).MinimumK, 7);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(srs, device, CircuitShape.Of(new ModelCircuit(model)));
        var circuit = new ModelCircuit(model, inputs);
        var pub = circuit.PublicInputs();
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, circuit), pub));

        // The same proof against the other weights' hashes fails.
        var otherHashes = new ModelPublicInputs(other).WeightHashes();
        Assert.NotEqual(pub[2], otherHashes);
        var wrong = Copy(pub);
        wrong[2] = otherHashes;
        Assert.False(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, circuit), wrong));

        // A weight changed after hashing: the mock names the weight's region and a forced proof fails.
        string weight = ModelPublicInputs.WeightTensors(model.Graph)[0];
        var plain = new ModelCircuit(model, inputs);
        var tampered = new ModelCircuit(model, inputs)
        {
            CheckAgainstExecutorValues = false,
            AfterNode = (b, node, _) =>
            {
                if (node != model.Graph.Nodes[0]) return;
                var region = b.Regions.Single(r => r.Name == RegionName.Of(weight, "Weight"));
                var cell = plain.Columns.C[0].At(region.Start);
                b.Assign(cell.Column, cell.Row, b.ValueOf(cell) + Fr.One);
            },
        };
        var mock = MockProver.Check(tampered);
        Assert.False(mock.IsSatisfied);
        Assert.Contains(mock.Failures, f => f.Kind == FailureKind.Gate && RegionName.Parse(f.Region) == (weight, "Weight"));
        var forced = PlonkProver.Prove(pk, tampered, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, forced, pub));
    }

    [Fact]
    public void HashedWeightsInAChunkCircuitAreAOneLineError()
    {
        var (model, _) = Load("1l_linear", HashedWeights);
        var e = Assert.Throws<ModelFormatException>(() => new ModelCircuit(model, chunk: new ChunkBinding(0, 1, Fr.Zero, Fr.Zero)));
        Assert.Contains("hashed weights have no chunk circuit", e.Message);
    }

    [Fact]
    public void HashedWeightReadByTwoBatchedMatMulsIsLaidOutAndHashedOnce()
    {
        var bytes = new OnnxModelBuilder().Input("a", 2, 2, 3)
            .Float("w", [0.5f, -0.25f, 1f, 0.75f, -1f, 0.125f, 2f, -0.5f, 0.3f, 0.6f, -0.7f, 0.9f], 3, 4)
            .Node("MatMul", ["a", "w"], ["u"]).Node("Relu", ["a"], ["r"]).Node("MatMul", ["r", "w"], ["v"]).Node("Add", ["u", "v"], ["y"])
            .Output("y").Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "shared"), HashedWeights);
        var inputs = IntegerExecutor.QuantizeInputs(model, [[0.5f, -1.5f, 2.25f, -0.75f, 1f, -2f, 1.5f, 0.25f, -1f, -3f, 0.5f, 0.125f]]);
        var circuit = new ModelCircuit(model, inputs);
        MockProver.Check(circuit).AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(Outputs(model, inputs).Select(Fr.FromInt64), b.PublicInputs[1]);
        string w = Assert.Single(ModelPublicInputs.WeightTensors(model.Graph));
        Assert.Equal([TensorHash.Of(model.Graph.FixedConstants[w].Data)], b.PublicInputs[2]);
        Assert.Single(b.Regions, r => r.Name == RegionName.Of(w, "Weight"));
    }

    [Fact]
    public void SettingsReadAndWriteHashedVisibilities()
    {
        var s = Settings.FromJson("{\"inputVisibility\": \"hashed\", \"weightVisibility\": \"hashed\"}");
        Assert.Equal(Visibility.Hashed, s.InputVisibility);
        Assert.Equal(WeightVisibility.Hashed, s.WeightVisibility);
        Assert.Contains("\"weightVisibility\": \"hashed\"", s.ToJson());
        Assert.Contains("\"weightVisibility\": \"fixed\"", new Settings().ToJson());
        Assert.Throws<FormatException>(() => Settings.FromJson("{\"weightVisibility\": \"private\"}"));
    }
}

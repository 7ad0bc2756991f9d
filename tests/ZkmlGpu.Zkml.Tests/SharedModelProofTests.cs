using System.Diagnostics;
using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Every shared model (the 22 EZKL examples and zkml's MNIST): keygen from the shape, prove, verify, outputs = the executor's.</summary>
public class SharedModelProofTests(ITestOutputHelper output)
{
    public const string Mnist = "zkml-mnist";

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (string d in Directory.GetDirectories(EzklModelTests.ModelsDir).Order()) data.Add(Path.GetFileName(d));
        data.Add(Mnist);
        return data;
    }

    /// <summary>
    /// The model with the settings a user gets from gen-settings + calibrate: the defaults, and for models with lookup
    /// tables scale 10 with the lookup range calibrated on the example input (16 steps of margin), which keeps the
    /// tables, and the circuits, small.
    /// </summary>
    public static (QuantizedModel Model, IReadOnlyList<long[]> Inputs) Load(string name)
    {
        if (name == Mnist)
        {
            var zkml = ZkmlMsgpackImporter.ImportQuantized(ZkmlMsgpackReader.ReadModel(Path.Combine(ZkmlMsgpackReaderTests.Dir, "model.msgpack")), "mnist");
            return (zkml, [ZkmlMsgpackReader.ReadInputs(Path.Combine(ZkmlMsgpackReaderTests.Dir, "inp.msgpack"))[0].Data]);
        }
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var floats = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var graph = OnnxImporter.Load(Path.Combine(dir, "network.onnx"), floats);
        var model = Quantizer.Quantize(graph, new Settings());
        if (model.Graph.Nodes.Any(n => CircuitSize.UsesLookup(n.Op)))
            model = Calibration.Calibrate(Quantizer.Quantize(graph, new Settings { InputScale = 10, ParamScale = 10 }), [floats], margin: 16);
        return (model, IntegerExecutor.QuantizeInputs(model, floats));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ProvesAndVerifiesWithTheExecutorsOutputs(string name)
    {
        var (model, inputs) = Load(name);
        var circuit = new ModelCircuit(model, inputs);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        using var device = new CpuDevice();
        var sw = Stopwatch.StartNew();
        using var pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 11), device, shape);
        double keygen = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var proof = PlonkProver.Prove(pk, circuit);
        double prove = sw.Elapsed.TotalSeconds;
        var pub = circuit.PublicInputs();
        sw.Restart();
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, pub));
        double verify = sw.Elapsed.TotalMilliseconds;

        var expected = IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64).ToArray();
        Assert.Equal(expected, pub[1]);
        var wrong = pub.Select(c => (Fr[])c.Clone()).ToArray();
        wrong[1][^1] += Fr.One;
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, wrong));
        output.WriteLine($"| {name} | {shape.RowsUsed} | {shape.MinimumK} | {keygen:F1} s | {prove:F1} s | {verify:F1} ms | {ProofEncoding.Encode(proof).Length} B |");
    }
}

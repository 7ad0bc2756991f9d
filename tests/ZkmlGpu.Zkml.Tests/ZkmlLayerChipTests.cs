using System.Diagnostics;
using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>zkml's msgpack layers in the circuit (<see cref="ZkmlLayerChip"/>): zkml's MNIST and small in-memory zkml models.</summary>
public class ZkmlLayerChipTests(ITestOutputHelper output)
{
    private static readonly ZkmlMsgpackModel Mnist = ZkmlMsgpackReader.ReadModel(Path.Combine(ZkmlMsgpackReaderTests.Dir, "model.msgpack"));
    private static readonly long[] MnistInput = ZkmlMsgpackReader.ReadInputs(Path.Combine(ZkmlMsgpackReaderTests.Dir, "inp.msgpack"))[0].Data;

    /// <summary>MNIST's first <paramref name="layers"/> layers as a model of their own (its last layer's output is the model output).</summary>
    private static ZkmlMsgpackModel MnistPrefix(int layers) =>
        Mnist with { Layers = Mnist.Layers.Take(layers).ToList(), OutputIndices = [Mnist.Layers[layers - 1].OutputIndices[0]] };

    private static void AssertHonest(QuantizedModel model, IReadOnlyList<long[]> inputs, ITestOutputHelper output, string name)
    {
        var circuit = new ModelCircuit(model, inputs);
        var sw = Stopwatch.StartNew();
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), b.PublicInputs[1]);
        output.WriteLine($"{name}: layer rows {b.Regions.Sum(r => r.Rows)}, rows with table {b.RowsUsed}, k {mock.K}, mock {sw.Elapsed.TotalSeconds:F1}s");
        foreach (var node in model.Graph.Nodes)
            output.WriteLine($"  {node.Name} {node.Op} {(node.Attributes as ZkmlLayerAttributes)?.LayerType} [{string.Join(",", (node.Attributes as ZkmlLayerAttributes)?.Params ?? [])}] {model.Graph[node.Inputs[0]].Shape} → {model.Graph[node.Outputs[0]].Shape}: {circuit.RowsOf(node)} rows ({(double)circuit.RowsOf(node) / model.Graph[node.Outputs[0]].Shape.Size:F2}/element)");
    }

    [Fact]
    public void MnistSatisfiesTheMockAndOutputsMatchTheExecutor()
    {
        var model = ZkmlMsgpackImporter.ImportQuantized(Mnist, "mnist");
        AssertHonest(model, [MnistInput], output, "zkml mnist");
    }
}

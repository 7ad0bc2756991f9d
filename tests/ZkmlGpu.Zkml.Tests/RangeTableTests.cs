using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>The 12-bit range table is loaded exactly when some value is range-checked.</summary>
public class RangeTableTests
{
    private static ModelCircuit Chain(string op, int length)
    {
        var b = new OnnxModelBuilder().Input("x", 1, 6);
        string prev = "x";
        for (int i = 0; i < length; i++) { b.Node(op, [prev], [$"n{i}"]); prev = $"n{i}"; }
        var model = Quantizer.Quantize(OnnxImporter.Load(b.Output(prev).Build(), op), new Settings());
        return new ModelCircuit(model, IntegerExecutor.QuantizeInputs(model, [[1f, -1f, 2f, -2f, 0.5f, 0f]]));
    }

    [Fact]
    public void ACircuitWithoutRangeChecksLeavesTheTableOutAndStillProves()
    {
        var circuit = Chain("Neg", 3);
        var shape = CircuitShape.Of(circuit);
        Assert.True(shape.RowsUsed < 1 << LayerColumns.LimbBits, $"{shape.RowsUsed} rows");
        MockProver.Check(circuit).AssertSatisfied();
    }

    [Fact]
    public void ACircuitWithRangeChecksLoadsTheTable()
    {
        var circuit = Chain("Relu", 1);
        var shape = CircuitShape.Of(circuit);
        Assert.True(shape.RowsUsed >= 1 << LayerColumns.LimbBits, $"{shape.RowsUsed} rows");
        MockProver.Check(circuit).AssertSatisfied();
    }
}

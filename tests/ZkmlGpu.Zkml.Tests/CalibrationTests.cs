using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Lookup ranges narrowed to sample inputs.</summary>
public class CalibrationTests
{
    [Theory]
    [InlineData("1l_sigmoid")]
    [InlineData("1l_softmax")]
    [InlineData("1l_tanh")]
    public void CalibrationShrinksTheTableAndKeepsResults(string name)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs), new Settings());
        var calibrated = Calibration.Calibrate(model, new[] { inputs });
        Assert.True(calibrated.Settings.LogRows < model.Settings.LogRows);
        Assert.True(calibrated.Settings.LookupMax - calibrated.Settings.LookupMin < model.Settings.LookupMax - model.Settings.LookupMin);
        string output = model.Graph.Outputs[0];
        Assert.Equal(IntegerExecutor.Run(model, inputs)[output].Data, IntegerExecutor.Run(calibrated, inputs)[output].Data);
        // Far larger inputs leave the calibrated table (softmax clamps instead, by definition).
        if (name != "1l_softmax")
            Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(calibrated, new[] { inputs[0].Select(v => v * 8 + 1).ToArray() }));
    }
}

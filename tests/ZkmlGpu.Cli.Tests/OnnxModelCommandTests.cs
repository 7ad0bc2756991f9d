using System.Text.Json;

namespace ZkmlGpu.Cli.Tests;

/// <summary>inspect and run on an ONNX model (EZKL's 1l_conv example, whose input.json also records the float outputs).</summary>
[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class OnnxModelCommandTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "data", "models", "ezkl", "1l_conv");
    private static string Model => Path.Combine(Dir, "network.onnx");
    private static string Input => Path.Combine(Dir, "input.json");

    [Fact]
    public void RunMatchesEzklsRecordedFloatOutputs()
    {
        var r = ConsoleRunner.Run("run", Model, "--input", Input);
        Assert.Equal(0, r.Exit);
        var output = JsonDocument.Parse(r.Out).RootElement.GetProperty("outputs")[0];
        int scale = output.GetProperty("scale").GetInt32();
        var values = output.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var quantized = output.GetProperty("quantized").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(quantized.Select(q => Math.ScaleB(q, -scale)), values);
        var expected = JsonDocument.Parse(File.ReadAllText(Input)).RootElement.GetProperty("output_data")[0]
            .EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, values.Length);
        // The recorded outputs come from the float PyTorch model; at magnitudes ≈ 0.4, 0.01 allows the rounding of
        // inputs, weights and the rescale, while a wrong scale, layout or weight would be off by far more.
        for (int i = 0; i < values.Length; i++) Assert.InRange(values[i] - expected[i], -0.01, 0.01);
        // The float model printed alongside (checked against ONNX Runtime in the Zkml tests) is no copy of the
        // quantized values, and lies as close to the recorded outputs, which are EZKL's own fixed-point results.
        var reference = output.GetProperty("float").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, reference.Length);
        Assert.NotEqual(values, reference);
        for (int i = 0; i < reference.Length; i++) Assert.InRange(reference[i] - expected[i], -0.01, 0.01);
    }

    [Fact]
    public void InspectListsTheConv()
    {
        var r = ConsoleRunner.Run("inspect", Model);
        Assert.Equal(0, r.Exit);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("onnx", root.GetProperty("format").GetString());
        Assert.Contains(root.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("op").GetString() == "Conv");
        Assert.True(root.GetProperty("supported").GetBoolean());
    }

    [Fact]
    public void WrongInputLengthIsACleanError() =>
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", Model, "--input", MnistFiles.InputJson("0.1, 0.2")), "needs 3 values");
}

using System.Text.Json;

namespace ZkmlGpu.Cli.Tests;

[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class RunCommandTests
{
    private static long[] Quantized(string stdout) =>
        JsonDocument.Parse(stdout).RootElement.GetProperty("outputs")[0].GetProperty("quantized").EnumerateArray().Select(e => e.GetInt64()).ToArray();

    [Fact]
    public void RunsMnistOnZkmlsInputFile()
    {
        var r = ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.Input);
        Assert.Equal(0, r.Exit);
        var output = JsonDocument.Parse(r.Out).RootElement.GetProperty("outputs")[0];
        Assert.Equal("t37", output.GetProperty("name").GetString());
        Assert.Equal([1, 1, 1, 10], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(9, output.GetProperty("scale").GetInt32());
        Assert.Equal(MnistFiles.ExpectedLogits, Quantized(r.Out));
        var values = output.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(MnistFiles.ExpectedLogits.Select(q => q / 512.0), values);
        // The float network behind the file: same class, and within zkml's 0.037 error at 2^9 (see ZkmlMnistTests).
        var reference = output.GetProperty("float").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(5, Array.IndexOf(reference, reference.Max()));
        Assert.InRange(values.Zip(reference, (v, f) => Math.Abs(v - f)).Max(), 0.001, 0.045);
    }

    [Fact]
    public void EzklInputJsonGivesTheSameIntegers()
    {
        var r = ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.InputJsonFromMsgpack());
        Assert.Equal(0, r.Exit);
        Assert.Equal(MnistFiles.ExpectedLogits, Quantized(r.Out));
    }

    [Fact]
    public void PrettyIsTextWithTheClass()
    {
        var r = ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.Input, "--pretty");
        Assert.Equal(0, r.Exit);
        Assert.Contains("argmax 5", r.Out);
        Assert.False(r.Out.TrimStart().StartsWith('{'));
    }

    [Fact]
    public void DumpActivationsWritesEveryIntermediateTensor()
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "acts");
        var r = ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.Input, "--dump-activations", dir);
        Assert.Equal(0, r.Exit);
        var files = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(17, files.Length); // the input and the 16 layer outputs; weights are not activations
        Assert.Contains("t22.json", files);
        var last = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "t37.json"))).RootElement;
        Assert.Equal("t37", last.GetProperty("name").GetString());
        Assert.Equal(9, last.GetProperty("scale").GetInt32());
        Assert.Equal(MnistFiles.ExpectedLogits, last.GetProperty("quantized").EnumerateArray().Select(e => e.GetInt64()));
        var conv = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "t22.json"))).RootElement;
        Assert.Equal([1, 26, 26, 8], conv.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.All(conv.GetProperty("quantized").EnumerateArray(), e => Assert.InRange(e.GetInt64(), 0, 6 * 512)); // relu6
    }

    [Fact]
    public void TruncatedMsgpackModelIsACleanError()
    {
        string path = Path.Combine(MnistFiles.Scratch(), "model.msgpack");
        byte[] bytes = File.ReadAllBytes(MnistFiles.Model);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", path, "--input", MnistFiles.Input), "truncated");
    }

    [Fact]
    public void CorruptOnnxIsACleanError()
    {
        string path = Path.Combine(MnistFiles.Scratch(), "model.onnx");
        File.WriteAllBytes(path, [0x08, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x80, 0x80, 0x80]);
        var r = ConsoleRunner.Run("run", path, "--input", MnistFiles.InputJson("1"));
        ConsoleRunner.AssertCleanError(r, "error:");
    }

    [Fact]
    public void MissingModelOrInputFileIsACleanError()
    {
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", "/nonexistent/model.msgpack", "--input", MnistFiles.Input), "not found");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Model, "--input", "/nonexistent/input.json"), "not found");
    }

    [Fact]
    public void UnknownModelTypeIsACleanError() =>
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Input.Replace(".msgpack", ".txt"), "--input", MnistFiles.Input), ".onnx or .msgpack");

    [Fact]
    public void WrongLengthInputIsACleanError() =>
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.InputJson(string.Join(",", Enumerable.Repeat("0.5", 783)))), "783");

    [Fact]
    public void NonNumericNaNInputIsACleanError() =>
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.InputJson("\"NaN\"," + string.Join(",", Enumerable.Repeat("0", 783)))), "not a number");

    [Fact]
    public void InfiniteInputIsACleanError() =>
        // 1e39 overflows float: the reader's value is +∞.
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.InputJson("1e39," + string.Join(",", Enumerable.Repeat("0", 783)))), "Infinity");

    [Fact]
    public void UnsupportedLayerIsACleanError() =>
        // config.msgpack ends in Reshape and Softmax and carries no weights.
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Config, "--input", MnistFiles.Input), "Softmax");

    [Fact]
    public void InputOutsideZkmlsRangeIsACleanError() =>
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.InputJson(string.Join(",", Enumerable.Repeat("100", 784)))), "lookup range");
}

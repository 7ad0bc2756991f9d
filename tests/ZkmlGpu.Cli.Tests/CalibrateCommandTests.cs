using System.Text.Json;

namespace ZkmlGpu.Cli.Tests;

[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class CalibrateCommandTests
{
    [Fact]
    public void PicksAScaleThatKeepsTheClassAndTheErrorBound()
    {
        string settings = Path.Combine(MnistFiles.Scratch(), "settings.json");
        var r = ConsoleRunner.Run("calibrate", MnistFiles.Model, "--input", MnistFiles.Input, MnistFiles.InputJsonFromMsgpack(),
            "--out", settings, "--max-error", "0.05");
        Assert.Equal(0, r.Exit);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.True(root.GetProperty("objectiveMet").GetBoolean());
        var chosen = root.GetProperty("chosen");
        Assert.True(chosen.GetProperty("maxAbsError").GetDouble() <= 0.05);
        Assert.Equal(2, chosen.GetProperty("classMatches").GetInt32());
        // No feasible candidate is cheaper than the chosen one.
        int k = chosen.GetProperty("k").GetInt32();
        Assert.All(root.GetProperty("candidates").EnumerateArray().Where(c => c.GetProperty("feasible").GetBoolean()),
            c => Assert.True(c.GetProperty("k").GetInt32() >= k));
        // zkml's own scale (2^9) errs by 0.037 on this input (see ZkmlMnistTests), so it qualifies.
        var own = root.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("scale").GetInt32() == 9);
        Assert.InRange(own.GetProperty("maxAbsError").GetDouble(), 0.03, 0.045);

        var run = ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.Input, "--settings", settings);
        Assert.Equal(0, run.Exit);
        var output = JsonDocument.Parse(run.Out).RootElement.GetProperty("outputs")[0];
        Assert.Equal(chosen.GetProperty("scale").GetInt32(), output.GetProperty("scale").GetInt32());
        var values = output.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(5, Array.IndexOf(values, values.Max()));
    }

    [Fact]
    public void SettingsWithTwoScalesAreACleanErrorForZkml()
    {
        string settings = Path.Combine(MnistFiles.Scratch(), "settings.json");
        File.WriteAllText(settings, "{\"inputScale\": 9, \"paramScale\": 10}");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.Input, "--settings", settings), "one global scale");
    }

    [Fact]
    public void CorruptSettingsAreACleanError()
    {
        string settings = Path.Combine(MnistFiles.Scratch(), "settings.json");
        File.WriteAllText(settings, "{\"inputScale\": ");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("run", MnistFiles.Model, "--input", MnistFiles.Input, "--settings", settings), "settings");
    }

    [Fact]
    public void OnnxModelIsCalibratedAgainstTheFloatModel()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "data", "models", "ezkl", "1l_conv");
        string settings = Path.Combine(MnistFiles.Scratch(), "settings.json");
        var r = ConsoleRunner.Run("calibrate", Path.Combine(dir, "network.onnx"), "--input", Path.Combine(dir, "input.json"),
            "--out", settings, "--max-error", "0.01");
        Assert.Equal(0, r.Exit);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.StartsWith("float model", root.GetProperty("reference").GetString());
        Assert.True(root.GetProperty("objectiveMet").GetBoolean());
        var chosen = root.GetProperty("chosen");
        Assert.True(chosen.GetProperty("maxAbsError").GetDouble() <= 0.01);
        // The reported lookup range is the one written to settings.json (1l_conv has no lookups: nothing to narrow).
        var written = JsonDocument.Parse(File.ReadAllText(settings)).RootElement;
        Assert.Equal(written.GetProperty("lookupMin").GetInt64(), chosen.GetProperty("lookupMin").GetInt64());
        Assert.Equal(written.GetProperty("lookupMax").GetInt64(), chosen.GetProperty("lookupMax").GetInt64());
        // Coarse scales miss the bound: the search really compares candidates.
        var coarse = root.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("scale").GetInt32() == 4);
        Assert.False(coarse.GetProperty("feasible").GetBoolean());

        var run = ConsoleRunner.Run("run", Path.Combine(dir, "network.onnx"), "--input", Path.Combine(dir, "input.json"), "--settings", settings);
        Assert.Equal(0, run.Exit);
        var output = JsonDocument.Parse(run.Out).RootElement.GetProperty("outputs")[0];
        Assert.Equal(chosen.GetProperty("scale").GetInt32(), output.GetProperty("scale").GetInt32());
        // The reported error is the distance to the float model, which run prints next to the quantized values.
        double[] values = output.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] reference = output.GetProperty("float").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(chosen.GetProperty("maxAbsError").GetDouble(), values.Zip(reference, (v, f) => Math.Abs(v - f)).Max(), 1e-12);
    }

    [Fact]
    public void MissingSampleIsACleanError() =>
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("calibrate", MnistFiles.Model, "--input", "/nonexistent/x.json", "--out", Path.Combine(MnistFiles.Scratch(), "s.json")), "not found");
}

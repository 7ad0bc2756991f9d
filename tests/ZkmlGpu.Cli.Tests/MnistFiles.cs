namespace ZkmlGpu.Cli.Tests;

/// <summary>zkml's MNIST files and scratch files derived from them for the model command tests.</summary>
internal static class MnistFiles
{
    public static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "data", "models", "zkml-mnist");
    public static string Model => Path.Combine(Dir, "model.msgpack");
    public static string Input => Path.Combine(Dir, "inp.msgpack");
    public static string Config => Path.Combine(Dir, "config.msgpack");

    /// <summary>
    /// zkml's outputs for inp.msgpack, derived independently in tests/ZkmlGpu.Zkml.Tests/ZkmlMnistTests.cs (a
    /// transcription of zkml's layer rules) and tests/data/models/zkml-mnist/zkml_reference.py.
    /// </summary>
    public static readonly long[] ExpectedLogits = [-5312, -8056, -8186, -1669, -4260, 6614, -5131, -6862, -3047, -805];

    /// <summary>A fresh scratch directory.</summary>
    public static string Scratch()
    {
        string dir = Path.Combine(Path.GetTempPath(), "zkml-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>An EZKL input.json with the given values (written as raw JSON text so tests can inject anything).</summary>
    public static string InputJson(string valuesText)
    {
        string path = Path.Combine(Scratch(), "input.json");
        File.WriteAllText(path, "{\"input_data\": [[" + valuesText + "]]}");
        return path;
    }

    /// <summary>inp.msgpack's pixels as reals (integer / 512), which quantize back to the same integers.</summary>
    public static string InputJsonFromMsgpack()
    {
        var pixels = ZkmlGpu.Zkml.Import.Msgpack.ZkmlMsgpackReader.ReadInputs(Input)[0].Data;
        return InputJson(string.Join(",", pixels.Select(p => (p / 512.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
    }
}

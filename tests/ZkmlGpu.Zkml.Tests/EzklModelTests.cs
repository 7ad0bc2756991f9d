using Xunit.Abstractions;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Every shared EZKL example model, imported, quantized with the default settings and run in integers, against ONNX Runtime.</summary>
public class EzklModelTests(ITestOutputHelper output)
{
    public static readonly string ModelsDir = Path.Combine(AppContext.BaseDirectory, "data", "models", "ezkl");

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (string d in Directory.GetDirectories(ModelsDir).Order()) data.Add(Path.GetFileName(d));
        return data;
    }

    /// <summary>Mean |relative error| (skipping 0/0, as EZKL) and max error in LSBs of the output scale.</summary>
    internal static (double MeanRel, double MaxLsb) Compare(double[] ours, float[] reference, int scale)
    {
        double sum = 0, maxLsb = 0;
        int count = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            double r = reference[i], o = ours[i];
            maxLsb = Math.Max(maxLsb, Math.Abs(o - r) * Math.ScaleB(1, scale));
            if (r == 0 && o == 0) continue;
            sum += Math.Abs((o - r) / (r == 0 ? o : r));
            count++;
        }
        return (count == 0 ? 0 : sum / count, maxLsb);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void MatchesOnnxRuntime(string name)
    {
        string dir = Path.Combine(ModelsDir, name);
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var graph = OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs);
        var model = Quantizer.Quantize(graph, new Settings());
        var acts = IntegerExecutor.Run(model, inputs);

        var reference = OrtReference.Run(File.ReadAllBytes(Path.Combine(dir, "network.onnx")),
            graph.Inputs.Select((n, i) => (inputs[i], graph[n].Shape.ToArray())).ToList());
        Assert.Equal(graph.Outputs.Count, reference.Count);
        string first = graph.Outputs[0];
        var ours = acts.Dequantize(first);
        Assert.Equal(reference[0].Length, ours.Length);
        var (meanRel, maxLsb) = Compare(ours, reference[0], model.ScaleOf(first));
        output.WriteLine($"| {name} | {meanRel * 100:F3}% | {maxLsb:F2} | scale {model.ScaleOf(first)} | logRows {model.Settings.LogRows} |");
        // EZKL's own accuracy gate for its examples.
        Assert.True(meanRel < 0.026, $"{name}: mean relative error {meanRel:P3}");
        // And a few steps of the output scale: the integer pass may only add rounding.
        Assert.True(maxLsb <= 4, $"{name}: error of {maxLsb:F2} LSB");
    }
}

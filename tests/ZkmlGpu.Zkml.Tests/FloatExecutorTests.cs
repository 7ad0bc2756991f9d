using Xunit.Abstractions;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// The double-precision executor against ONNX Runtime (which computes in float32): every EZKL example model and
/// every per-op case must agree to float32 accuracy, 1e-5 relative plus a small absolute term for values near 0.
/// </summary>
public class FloatExecutorTests(ITestOutputHelper output)
{
    private const double RelTol = 1e-5, AbsTol = 1e-6;

    /// <summary>Asserts agreement; returns the largest absolute and relative deviation.</summary>
    private static (double MaxAbs, double MaxRel) AssertClose(string name, double[] ours, float[] reference)
    {
        Assert.Equal(reference.Length, ours.Length);
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            double d = Math.Abs(ours[i] - reference[i]);
            maxAbs = Math.Max(maxAbs, d);
            if (reference[i] != 0) maxRel = Math.Max(maxRel, d / Math.Abs(reference[i]));
            Assert.True(d <= RelTol * Math.Abs(reference[i]) + AbsTol, $"{name}[{i}]: float executor {ours[i]:R} vs ONNX Runtime {reference[i]:R}");
        }
        return (maxAbs, maxRel);
    }

    [Theory]
    [MemberData(nameof(EzklModelTests.Models), MemberType = typeof(EzklModelTests))]
    public void EzklModelMatchesOnnxRuntime(string name)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var graph = OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs);
        var ours = FloatExecutor.Run(graph, inputs);
        var reference = OrtReference.Run(File.ReadAllBytes(Path.Combine(dir, "network.onnx")),
            graph.Inputs.Select((n, i) => (inputs[i], graph[n].Shape.ToArray())).ToList());
        Assert.Equal(reference.Count, ours.Length);
        for (int o = 0; o < ours.Length; o++)
        {
            var (abs, rel) = AssertClose($"{name} output {o}", ours[o], reference[o]);
            output.WriteLine($"| {name} | output {o} | max abs {abs:E2} | max rel {rel:E2} | max |y| {reference[o].Max(Math.Abs):G4} |");
        }
    }

    [Theory]
    [MemberData(nameof(OpTests.CaseNames), MemberType = typeof(OpTests))]
    public void OpMatchesOnnxRuntime(string name)
    {
        var c = OpTests.Cases[name]();
        var graph = OnnxImporter.Load(c.Model, name);
        var ours = FloatExecutor.Run(graph, c.Inputs);
        var reference = OrtReference.Run(c.Model, c.Inputs.Select((x, i) => (x, c.Shapes[i])).ToList())[0];
        var (abs, rel) = AssertClose(name, ours[0], reference);
        output.WriteLine($"| {name} | max abs {abs:E2} | max rel {rel:E2} |");
    }

    [Fact]
    public void DiffersFromTheQuantizedRunWhereRoundingShows()
    {
        // Guards against the float executor quietly reading quantized values: 0.3·0.3 is not a multiple of 2^-4.
        var m = new OnnxModelBuilder().Input("x", 1, 2).Float("w", new[] { 0.3f, 0.3f }, 1, 2).Node("Mul", new[] { "x", "w" }, new[] { "y" }).Output("y").Build();
        var graph = OnnxImporter.Load(m, "mul");
        var y = FloatExecutor.Run(graph, new[] { new[] { 0.3f, -1f } })[0];
        Assert.Equal(0.3f * (double)0.3f, y[0], 1e-15);
        Assert.Equal(-(double)0.3f, y[1], 1e-15);
    }

    [Fact]
    public void QuantizedGraphRunsOnItsRoundedWeights()
    {
        // Alpha and beta are folded into the integer weights and Rescale nodes inserted; the real values stay.
        var c = OpTests.Cases["Gemm"]();
        var graph = OnnxImporter.Load(c.Model, "gemm");
        var quantized = Quantization.Quantizer.Quantize(graph, new Quantization.Settings { InputScale = 8, ParamScale = 8 }).Graph;
        Assert.Contains(quantized.Nodes, n => n.Op == OpKind.Rescale);
        var exact = FloatExecutor.Run(graph, c.Inputs)[0];
        var rounded = FloatExecutor.Run(quantized, c.Inputs)[0];
        double maxDiff = exact.Zip(rounded, (p, q) => Math.Abs(p - q)).Max();
        // Weights off by at most 2^-9 each, over 5 products with inputs below 2, plus the bias's rounding.
        Assert.InRange(maxDiff, 1e-9, 5 * 2 * Math.ScaleB(1, -9) + Math.ScaleB(1, -16));
    }

    [Fact]
    public void ZkmlLayersAreRefused()
    {
        var graph = new ModelGraph("z", new[] { "x" }, new[] { "y" },
            new[] { new Node("l", OpKind.ZkmlLayer, new ZkmlLayerAttributes("Reshape", Array.Empty<long>(), 1, 10), new[] { "x" }, new[] { "y" }) },
            new Dictionary<string, ValueInfo> { ["x"] = new("x", new TensorShape(2)), ["y"] = new("y", new TensorShape(2)) },
            new Dictionary<string, Tensor<double>>());
        var e = Assert.Throws<ModelExecutionException>(() => FloatExecutor.Run(graph, new[] { new[] { 1f, 2f } }));
        Assert.Contains("no float rule", e.Message);
    }

    [Fact]
    public void WrongInputLengthIsAnError() =>
        Assert.Throws<ModelExecutionException>(() => FloatExecutor.Run(OnnxImporter.Load(OpTests.Cases["Relu"]().Model, "relu"), new[] { new[] { 1f } }));

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1e-3, 1.1283787909692365e-3)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(-1.5, -0.9661051464753108)]
    [InlineData(3.9, 0.9999999652077514)]
    [InlineData(4.5, 0.9999999998033839)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(5.5, 0.9999999999999927)]
    public void ErfIsAccurate(double x, double expected) => Assert.Equal(expected, RealFunctions.Erf(x), 1e-15);
}

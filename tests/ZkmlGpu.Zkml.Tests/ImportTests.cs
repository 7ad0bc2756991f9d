using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

public class ImportTests
{
    private static float[] Random(int seed, int n)
    {
        var r = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 4 - 2)).ToArray();
    }

    [Fact]
    public void SymbolicBatchIsResolvedFromTheInput()
    {
        string path = Path.Combine(EzklModelTests.ModelsDir, "1l_mlp", "network.onnx");
        var one = OnnxImporter.Load(path);
        Assert.Equal(new TensorShape(1, 3), one[one.Inputs[0]].Shape);
        var inputs = new[] { Random(1, 6) };
        var two = OnnxImporter.Load(path, inputs);
        Assert.Equal(new TensorShape(2, 3), two[two.Inputs[0]].Shape);
        Assert.Equal(new TensorShape(2, 4), two[two.Outputs[0]].Shape);
        var q = Quantizer.Quantize(two, new Settings());
        var ours = IntegerExecutor.Run(q, inputs).Dequantize(two.Outputs[0]);
        var reference = OrtReference.Run(File.ReadAllBytes(path), new[] { (inputs[0], new[] { 2, 3 }) })[0];
        for (int i = 0; i < ours.Length; i++) Assert.Equal(reference[i], ours[i], 4 * Math.ScaleB(1, -12));
    }

    [Fact]
    public void SeveralInputsAndOutputsMatchOnnxRuntime()
    {
        var model = new OnnxModelBuilder().Input("a", 2, 3).Input("b", 2, 3)
            .Node("Add", new[] { "a", "b" }, new[] { "s" }).Node("Mul", new[] { "a", "b" }, new[] { "p" }).Node("Relu", new[] { "p" }, new[] { "r" })
            .Output("s").Output("r").Build();
        var inputs = new[] { Random(1, 6), Random(2, 6) };
        var g = OnnxImporter.Load(model, "two");
        Assert.Equal(2, g.Inputs.Count);
        Assert.Equal(2, g.Outputs.Count);
        var acts = IntegerExecutor.Run(Quantizer.Quantize(g, new Settings()), inputs);
        var reference = OrtReference.Run(model, inputs.Select(x => (x, new[] { 2, 3 })).ToList());
        for (int o = 0; o < 2; o++)
        {
            var ours = acts.Dequantize(g.Outputs[o]);
            for (int i = 0; i < ours.Length; i++) Assert.Equal(reference[o][i], ours[i], 4 * Math.ScaleB(1, -12));
        }
    }

    [Fact]
    public void EveryEdgeHasAShapeAndEveryQuantizedEdgeAScale()
    {
        foreach (string dir in Directory.GetDirectories(EzklModelTests.ModelsDir))
        {
            var g = OnnxImporter.Load(Path.Combine(dir, "network.onnx"));
            Assert.False(g.IsQuantized);
            var q = Quantizer.Quantize(g, new Settings());
            Assert.True(q.Graph.IsQuantized);
            Assert.Empty(q.Graph.Constants);
            foreach (var n in q.Graph.Nodes)
                foreach (string e in n.Inputs.Concat(n.Outputs))
                    Assert.NotNull(q.Graph[e].Scale);
            Assert.All(q.Graph.Values.Keys, k => Assert.True(q.Settings.Scales.ContainsKey(k)));
        }
    }

    [Fact]
    public void ProductsAreRebasedToTheInputScale()
    {
        var q = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(EzklModelTests.ModelsDir, "lenet_5", "network.onnx")), new Settings());
        var rescales = q.Graph.Nodes.Where(n => n.Op == OpKind.Rescale).ToList();
        // Two convolutions, two squares and three Gemms.
        Assert.Equal(7, rescales.Count);
        Assert.All(q.Graph.Nodes, n => Assert.True(q.ScaleOf(n.Outputs[0]) <= 24));
        Assert.Equal(12, q.ScaleOf(q.Graph.Outputs[0]));
    }

    [Fact]
    public void SettingsRoundTripThroughJson()
    {
        var q = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(EzklModelTests.ModelsDir, "1l_softmax", "network.onnx")), new Settings { InputScale = 9, NumColumns = 8 });
        string path = Path.GetTempFileName();
        try
        {
            q.Settings.Save(path);
            var back = Settings.Load(path);
            Assert.Equal(q.Settings.ToJson(), back.ToJson());
            Assert.Equal(9, back.InputScale);
            Assert.Equal(8, back.NumColumns);
            Assert.True(back.LogRows >= 17); // the softmax's exp table needs 2^17 rows
            Assert.Equal(q.Settings.Scales.Count, back.Scales.Count);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void EzklInputRoundTrips()
    {
        string src = Path.Combine(EzklModelTests.ModelsDir, "lenet_5", "input.json");
        var inputs = EzklInputReader.Load(src);
        Assert.Single(inputs);
        Assert.Equal(1024, inputs[0].Length);
        string path = Path.GetTempFileName();
        try
        {
            EzklInputReader.Save(path, inputs);
            var back = EzklInputReader.Load(path);
            Assert.Equal(inputs[0], back[0]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ProtobufRoundTripImportsTheSameGraph()
    {
        var bytes = File.ReadAllBytes(Path.Combine(EzklModelTests.ModelsDir, "4l_relu_conv_fc", "network.onnx"));
        var again = Google.Protobuf.MessageExtensions.ToByteArray(Onnx.ModelProto.Parser.ParseFrom(bytes));
        var a = OnnxImporter.Load(bytes, "a");
        var b = OnnxImporter.Load(again, "b");
        Assert.Equal(a.Nodes.Select(n => (n.Op, n.Inputs.Count)), b.Nodes.Select(n => (n.Op, n.Inputs.Count)));
        Assert.Equal(a.Values.Values.Select(v => v.Shape), b.Values.Values.Select(v => v.Shape));
        foreach (var (k, t) in a.Constants) Assert.Equal(t.Data, b.Constants[k].Data);
    }

    [Theory]
    [InlineData(5L, 2L, 3L)]
    [InlineData(-5L, 2L, -3L)]
    [InlineData(-3L, 2L, -2L)]
    [InlineData(7L, 3L, 2L)]
    [InlineData(-8L, 3L, -3L)]
    public void RoundDivIsHalfAwayFromZero(long a, long b, long expected) => Assert.Equal(expected, FixedPoint.RoundDiv(a, b));

    [Fact]
    public void RescaleMatchesRoundDiv()
    {
        var r = new System.Random(3);
        for (int i = 0; i < 10000; i++)
        {
            long a = r.NextInt64(-(1L << 40), 1L << 40);
            int k = r.Next(0, 20);
            Assert.Equal(FixedPoint.RoundDiv(a, 1L << k), FixedPoint.Rescale(a, k));
            // And both agree with the real definition round(a / 2^k), half away from zero.
            Assert.Equal(Math.Round(a / Math.ScaleB(1, k), MidpointRounding.AwayFromZero), FixedPoint.Rescale(a, k));
        }
    }
}

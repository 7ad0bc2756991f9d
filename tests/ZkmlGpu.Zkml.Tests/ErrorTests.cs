using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Every bad input is one clear exception: ModelFormatException for files, ModelExecutionException for values.</summary>
public class ErrorTests
{
    private static readonly string Lenet = Path.Combine(EzklModelTests.ModelsDir, "lenet_5", "network.onnx");

    private static QuantizedModel Quantized(byte[] model) => Quantizer.Quantize(OnnxImporter.Load(model, "m"), new Settings());

    private static void OneLine(Exception e) => Assert.DoesNotContain('\n', e.Message);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(5000)]
    [InlineData(120000)]
    public void TruncatedOnnxIsAFormatError(int length)
    {
        var bytes = File.ReadAllBytes(Lenet)[..length];
        var e = Assert.Throws<ModelFormatException>(() => OnnxImporter.Load(bytes, "lenet_5"));
        Assert.Contains("lenet_5", e.Message);
        OneLine(e);
    }

    [Fact]
    public void CorruptOnnxIsAFormatError()
    {
        var bytes = File.ReadAllBytes(Lenet);
        var r = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            var copy = (byte[])bytes.Clone();
            for (int i = 0; i < 20; i++) copy[r.Next(copy.Length)] = (byte)r.Next(256);
            try
            {
                var g = OnnxImporter.Load(copy, "corrupt");
                // A corruption that keeps the file valid must still give a well-formed graph that runs or fails cleanly.
                var q = Quantizer.Quantize(g, new Settings());
                IntegerExecutor.Run(q, new[] { new float[q.Graph[q.Graph.Inputs[0]].Shape.Size] });
            }
            catch (ModelFormatException e) { OneLine(e); }
            catch (ModelExecutionException e) { OneLine(e); }
        }
        Assert.Throws<ModelFormatException>(() => OnnxImporter.Load(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "garbage"));
    }

    [Fact]
    public void MissingFileIsAFormatError() =>
        Assert.Throws<ModelFormatException>(() => OnnxImporter.Load("/nonexistent/network.onnx"));

    [Fact]
    public void UnsupportedOpNamesOpNodeAndModel()
    {
        var model = OnnxModelBuilder.Unary("Hardmax", new[] { 2, 3 }).Build();
        var e = Assert.Throws<ModelFormatException>(() => OnnxImporter.Load(model, "my_model"));
        Assert.Contains("Hardmax", e.Message);
        Assert.Contains("Hardmax_0", e.Message);
        Assert.Contains("my_model", e.Message);
    }

    [Fact]
    public void ForeignDomainIsRejected()
    {
        var m = Onnx.ModelProto.Parser.ParseFrom(OnnxModelBuilder.Unary("Relu", new[] { 2 }).Build());
        m.Graph.Node[0].Domain = "com.microsoft";
        var e = Assert.Throws<ModelFormatException>(() => OnnxImporter.Load(Google.Protobuf.MessageExtensions.ToByteArray(m), "m"));
        Assert.Contains("com.microsoft", e.Message);
    }

    [Fact]
    public void OldOpsetIsRejected()
    {
        var e = Assert.Throws<ModelFormatException>(() => OnnxImporter.Load(OnnxModelBuilder.Unary("Relu", new[] { 2 }, opset: 6).Build(), "m"));
        Assert.Contains("opset 6", e.Message);
    }

    public static TheoryData<string, byte[]> UnsupportedAttributes() => new()
    {
        { "auto_pad", new OnnxModelBuilder().Input("x", 1, 1, 4, 4).Float("w", new float[9], 1, 1, 3, 3).Node("Conv", new[] { "x", "w" }, new[] { "y" }, ("auto_pad", "SAME_UPPER")).Output("y").Build() },
        { "reflect", new OnnxModelBuilder().Input("x", 2, 3).Int64("p", new long[] { 1, 1, 1, 1 }, 4).Node("Pad", new[] { "x", "p" }, new[] { "y" }, ("mode", "reflect")).Output("y").Build() },
        { "ceil_mode", OnnxModelBuilder.Unary("MaxPool", new[] { 1, 1, 4, 4 }, 13, ("kernel_shape", new[] { 3, 3 }), ("ceil_mode", 1)).Build() },
        { "frobnicate", OnnxModelBuilder.Unary("Relu", new[] { 2 }, 13, ("frobnicate", 1)).Build() },
        { "exponent", new OnnxModelBuilder().Input("x", 2).Input("p", 2).Node("Pow", new[] { "x", "p" }, new[] { "y" }).Output("y").Build() },
    };

    [Theory]
    [MemberData(nameof(UnsupportedAttributes))]
    public void UnsupportedAttributeIsAFormatError(string what, byte[] model)
    {
        var e = Assert.Throws<ModelFormatException>(() => OnnxImporter.Load(model, "attrs"));
        Assert.Contains(what, e.Message);
        Assert.Contains("node", e.Message);
    }

    [Fact]
    public void MissingOrWrongLengthInputIsAnExecutionError()
    {
        var q = Quantized(OnnxModelBuilder.Unary("Relu", new[] { 2, 3 }).Build());
        Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(q, Array.Empty<float[]>()));
        var e = Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(q, new[] { new float[5] }));
        Assert.Contains("6", e.Message);
        Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(q, new[] { new float[6], new float[6] }));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(1e30f)]
    public void NonFiniteOrHugeInputIsAnExecutionError(float bad)
    {
        var q = Quantized(OnnxModelBuilder.Unary("Relu", new[] { 3 }).Build());
        var e = Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(q, new[] { new[] { 1f, bad, 0f } }));
        Assert.Contains("element 1", e.Message);
    }

    [Fact]
    public void LookupOutsideItsRangeNamesNodeAndValue()
    {
        var q = Quantized(OnnxModelBuilder.Unary("Sigmoid", new[] { 2 }).Build());
        var e = Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(q, new[] { new[] { 0f, 100f } }));
        Assert.Contains("Sigmoid_0", e.Message);
        Assert.Contains((100L << 12).ToString(), e.Message);
    }

    [Theory]
    [InlineData("Log", -1f)]
    [InlineData("Sqrt", -0.5f)]
    [InlineData("Reciprocal", 0f)]
    [InlineData("Exp", 30f)]
    public void LookupFunctionOutsideItsDomainIsAnError(string op, float x)
    {
        var q = Quantized(OnnxModelBuilder.Unary(op, new[] { 2 }).Build());
        var e = Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(q, new[] { new[] { 1f, x } }));
        Assert.Contains(op + "_0", e.Message);
        OneLine(e);
    }

    [Fact]
    public void ConstantOutsideTheRangeIsAnError()
    {
        var model = new OnnxModelBuilder().Input("x", 2).Float("w", new[] { 1e30f, 1f }, 2).Node("Mul", new[] { "x", "w" }, new[] { "y" }).Output("y").Build();
        var e = Assert.Throws<ModelExecutionException>(() => Quantized(model));
        Assert.Contains("Mul_0", e.Message);
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void OverflowIsAnErrorNotAWrap()
    {
        // x·x·x·x at scale 12 leaves ±2^48 long before 64 bits; each product must be caught.
        var model = new OnnxModelBuilder().Input("x", 1).Node("Mul", new[] { "x", "x" }, new[] { "a" }).Node("Mul", new[] { "a", "a" }, new[] { "y" }).Output("y").Build();
        var q = Quantized(model);
        var e = Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(q, new[] { new[] { 60000f } }));
        Assert.Contains("Mul_", e.Message);
        // The same model on a small input runs: the error comes from the value, not the graph.
        Assert.Equal(81.0, IntegerExecutor.Run(q, new[] { new[] { 3f } }).Dequantize("y")[0], 3);
    }

    [Fact]
    public void DivisionByZeroIsAnExecutionError()
    {
        var q = Quantized(new OnnxModelBuilder().Input("a", 2).Input("b", 2).Node("Div", new[] { "a", "b" }, new[] { "y" }).Output("y").Build());
        var e = Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(q, new[] { new[] { 1f, 1f }, new[] { 1f, 0f } }));
        Assert.Contains("Div_0", e.Message);
    }

    [Fact]
    public void BadInputFileIsAFormatError()
    {
        Assert.Throws<ModelFormatException>(() => EzklInputReader.Parse("{\"input_data\": [[1, \"x\"]]}"));
        Assert.Throws<ModelFormatException>(() => EzklInputReader.Parse("{\"input_data\": [[1, 2"));
        Assert.Throws<ModelFormatException>(() => EzklInputReader.Parse("{\"other\": []}"));
    }

    [Fact]
    public void BadSettingsAreRejected()
    {
        Assert.Throws<FormatException>(() => Settings.FromJson("{\"inputScale\": -1}"));
        Assert.Throws<FormatException>(() => Settings.FromJson("{\"lookupMin\": 5, \"lookupMax\": 1}"));
        Assert.Throws<FormatException>(() => Settings.FromJson("not json"));
    }
}

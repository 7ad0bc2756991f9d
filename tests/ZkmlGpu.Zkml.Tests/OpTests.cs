using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// Each supported op on random small tensors against ONNX Runtime: the dequantized integer result must lie within a
/// few steps of the output scale of ORT's float result (the steps an op's rounding and its inputs' rounding allow).
/// </summary>
public class OpTests
{
    private static float[] Random(int seed, int n, double lo = -2, double hi = 2)
    {
        var r = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(lo + (hi - lo) * r.NextDouble())).ToArray();
    }

    internal sealed record Case(byte[] Model, float[][] Inputs, int[][] Shapes, double TolLsb = 4);

    private static Case Unary(string op, int[] shape, int opset = 13, double lo = -2, double hi = 2, double tol = 4, params (string, object)[] attrs) =>
        new(OnnxModelBuilder.Unary(op, shape, opset, attrs).Build(), new[] { Random(1, Size(shape), lo, hi) }, new[] { shape }, tol);

    private static int Size(int[] s) => s.Aggregate(1, (a, b) => a * b);

    private static Case Binary(string op, int[] a, int[] b, double lo = -2, double hi = 2, double tol = 4, int outType = 1) =>
        new(new OnnxModelBuilder().Input("a", a).Input("b", b).Node(op, new[] { "a", "b" }, new[] { "y" }).Output("y", outType).Build(),
            new[] { Random(2, Size(a)), Random(3, Size(b), lo, hi) }, new[] { a, b }, tol);

    private static Case WithConst(string op, int[] x, int[] w, params (string, object)[] attrs) =>
        new(new OnnxModelBuilder().Input("x", x).Float("w", Random(4, Size(w)), w).Node(op, new[] { "x", "w" }, new[] { "y" }, attrs).Output("y").Build(),
            new[] { Random(5, Size(x)) }, new[] { x });

    internal static readonly Dictionary<string, Func<Case>> Cases = new()
    {
        ["Gemm"] = () => new(new OnnxModelBuilder().Input("x", 3, 5).Float("w", Random(4, 20), 4, 5).Float("c", Random(6, 4), 4)
            .Node("Gemm", new[] { "x", "w", "c" }, new[] { "y" }, ("transB", 1), ("alpha", 0.5f), ("beta", 2f)).Output("y").Build(),
            new[] { Random(5, 15) }, new[] { new[] { 3, 5 } }, 8),
        ["MatMulWeight"] = () => WithConst("MatMul", new[] { 2, 3, 4 }, new[] { 4, 5 }),
        ["MatMulActivations"] = () => Binary("MatMul", new[] { 2, 3, 4 }, new[] { 2, 4, 2 }, tol: 8),
        ["Conv"] = () => new(new OnnxModelBuilder().Input("x", 1, 4, 7, 6).Float("w", Random(4, 6 * 2 * 9), 6, 2, 3, 3).Float("b", Random(6, 6), 6)
            .Node("Conv", new[] { "x", "w", "b" }, new[] { "y" }, ("strides", new[] { 2, 1 }), ("pads", new[] { 1, 0, 1, 2 }), ("dilations", new[] { 1, 2 }), ("group", 2)).Output("y").Build(),
            new[] { Random(5, 4 * 7 * 6) }, new[] { new[] { 1, 4, 7, 6 } }, 8),
        ["Conv1d"] = () => WithConst("Conv", new[] { 1, 2, 9 }, new[] { 3, 2, 3 }),
        ["ConvTranspose"] = () => new(new OnnxModelBuilder().Input("x", 1, 2, 3, 4).Float("w", Random(4, 2 * 3 * 9), 2, 3, 3, 3).Float("b", Random(6, 3), 3)
            .Node("ConvTranspose", new[] { "x", "w", "b" }, new[] { "y" }, ("strides", new[] { 2, 2 }), ("pads", new[] { 1, 1, 0, 1 }), ("output_padding", new[] { 1, 0 })).Output("y").Build(),
            new[] { Random(5, 24) }, new[] { new[] { 1, 2, 3, 4 } }, 8),
        ["Add"] = () => Binary("Add", new[] { 2, 3 }, new[] { 3 }),
        ["Sub"] = () => Binary("Sub", new[] { 2, 1, 3 }, new[] { 4, 1 }),
        ["Mul"] = () => Binary("Mul", new[] { 2, 3 }, new[] { 2, 1 }),
        ["DivByTensor"] = () => Binary("Div", new[] { 2, 3 }, new[] { 2, 3 }, 0.5, 2, tol: 8),
        ["DivByConstant"] = () => new(new OnnxModelBuilder().Input("x", 2, 3).Float("d", new[] { 3f }).Node("Div", new[] { "x", "d" }, new[] { "y" }).Output("y").Build(),
            new[] { Random(5, 6) }, new[] { new[] { 2, 3 } }),
        ["Pow"] = () => new(new OnnxModelBuilder().Input("x", 2, 3).Float("p", new[] { 3f }).Node("Pow", new[] { "x", "p" }, new[] { "y" }).Output("y").Build(),
            new[] { Random(5, 6) }, new[] { new[] { 2, 3 } }, 8),
        ["Relu"] = () => Unary("Relu", new[] { 2, 5 }),
        ["LeakyRelu"] = () => Unary("LeakyRelu", new[] { 2, 5 }, attrs: ("alpha", 0.1f)),
        ["PRelu"] = () => WithConst("PRelu", new[] { 2, 3, 2 }, new[] { 3, 1 }),
        ["Sigmoid"] = () => Unary("Sigmoid", new[] { 2, 5 }, lo: -6, hi: 6),
        ["HardSigmoid"] = () => Unary("HardSigmoid", new[] { 2, 5 }, lo: -4, hi: 4),
        ["Tanh"] = () => Unary("Tanh", new[] { 2, 5 }),
        ["Erf"] = () => Unary("Erf", new[] { 2, 5 }),
        ["Softplus"] = () => Unary("Softplus", new[] { 2, 5 }),
        ["Exp"] = () => Unary("Exp", new[] { 2, 5 }, tol: 8),
        ["Sqrt"] = () => Unary("Sqrt", new[] { 2, 5 }, lo: 0.1, hi: 4, tol: 8),
        ["Abs"] = () => Unary("Abs", new[] { 2, 5 }),
        ["Clip"] = () => new(new OnnxModelBuilder().Input("x", 2, 5).Float("lo", new[] { -0.5f }).Float("hi", new[] { 1.25f })
            .Node("Clip", new[] { "x", "lo", "hi" }, new[] { "y" }).Output("y").Build(), new[] { Random(5, 10) }, new[] { new[] { 2, 5 } }),
        ["Softmax"] = () => Unary("Softmax", new[] { 2, 3, 4 }, attrs: ("axis", 1)),
        ["SoftmaxOpset11"] = () => Unary("Softmax", new[] { 2, 3, 4 }, opset: 11, attrs: ("axis", 1)),
        ["ReduceMean"] = () => Unary("ReduceMean", new[] { 2, 3, 4 }, opset: 13, attrs: ("axes", new[] { 1, -1 })),
        ["ReduceSum"] = () => new(new OnnxModelBuilder().Input("x", 2, 3, 4).Int64("axes", new long[] { 1 }, 1)
            .Node("ReduceSum", new[] { "x", "axes" }, new[] { "y" }, ("keepdims", 0)).Output("y").Build(), new[] { Random(5, 24) }, new[] { new[] { 2, 3, 4 } }),
        ["ArgMax"] = () => new(OnnxModelBuilder.Unary("ArgMax", new[] { 3, 4 }, 13, ("axis", 1)).Build().Let(b => Retype(b)), new[] { Random(5, 12) }, new[] { new[] { 3, 4 } }, 0),
        ["AveragePool"] = () => Unary("AveragePool", new[] { 1, 2, 5, 5 }, attrs: new (string, object)[] { ("kernel_shape", new[] { 3, 2 }), ("strides", new[] { 2, 1 }), ("pads", new[] { 1, 0, 1, 1 }) }),
        ["AveragePoolIncludePad"] = () => Unary("AveragePool", new[] { 1, 2, 5, 5 }, attrs: new (string, object)[] { ("kernel_shape", new[] { 2, 2 }), ("pads", new[] { 1, 1, 1, 1 }), ("count_include_pad", 1) }),
        ["MaxPool"] = () => Unary("MaxPool", new[] { 1, 2, 6, 5 }, attrs: new (string, object)[] { ("kernel_shape", new[] { 2, 2 }), ("strides", new[] { 2, 1 }), ("pads", new[] { 1, 0, 0, 1 }), ("dilations", new[] { 1, 2 }) }),
        ["GlobalAveragePool"] = () => Unary("GlobalAveragePool", new[] { 1, 3, 4, 4 }),
        ["BatchNormalization"] = () => new(new OnnxModelBuilder().Input("x", 1, 3, 2, 2).Float("g", Random(7, 3), 3).Float("b", Random(8, 3), 3).Float("m", Random(9, 3), 3).Float("v", Random(10, 3, 0.5, 2), 3)
            .Node("BatchNormalization", new[] { "x", "g", "b", "m", "v" }, new[] { "y" }).Output("y").Build(), new[] { Random(5, 12) }, new[] { new[] { 1, 3, 2, 2 } }, 6),
        ["ConvBatchNormalization"] = () => new(new OnnxModelBuilder().Input("x", 1, 2, 4, 4).Float("w", Random(4, 3 * 2 * 4), 3, 2, 2, 2)
            .Float("g", Random(7, 3), 3).Float("b", Random(8, 3), 3).Float("m", Random(9, 3), 3).Float("v", Random(10, 3, 0.5, 2), 3)
            .Node("Conv", new[] { "x", "w" }, new[] { "c" }).Node("BatchNormalization", new[] { "c", "g", "b", "m", "v" }, new[] { "y" }).Output("y").Build(),
            new[] { Random(5, 32) }, new[] { new[] { 1, 2, 4, 4 } }, 8),
        ["Pad"] = () => new(new OnnxModelBuilder().Input("x", 2, 3).Int64("p", new long[] { 1, 0, 0, 2 }, 4).Float("v", new[] { 0.75f })
            .Node("Pad", new[] { "x", "p", "v" }, new[] { "y" }).Output("y").Build(), new[] { Random(5, 6) }, new[] { new[] { 2, 3 } }),
        ["Concat"] = () => new(new OnnxModelBuilder().Input("a", 2, 3).Input("b", 2, 2).Float("c", Random(4, 2), 2, 1)
            .Node("Concat", new[] { "a", "b", "c" }, new[] { "y" }, ("axis", -1)).Output("y").Build(), new[] { Random(5, 6), Random(6, 4) }, new[] { new[] { 2, 3 }, new[] { 2, 2 } }),
        ["Reshape"] = () => new(new OnnxModelBuilder().Input("x", 2, 3, 4).Int64("s", new long[] { 0, -1 }, 2)
            .Node("Reshape", new[] { "x", "s" }, new[] { "y" }).Output("y").Build(), new[] { Random(5, 24) }, new[] { new[] { 2, 3, 4 } }),
        ["Flatten"] = () => Unary("Flatten", new[] { 2, 3, 4 }, attrs: ("axis", 2)),
        ["Identity"] = () => Unary("Identity", new[] { 2, 3 }),
        ["Transpose"] = () => Unary("Transpose", new[] { 2, 3, 4 }, attrs: ("perm", new[] { 2, 0, 1 })),
        ["Slice"] = () => new(new OnnxModelBuilder().Input("x", 4, 6).Int64("s", new long[] { 1, -5 }, 2).Int64("e", new long[] { 100, 6 }, 2).Int64("a", new long[] { 0, 1 }, 2).Int64("t", new long[] { 2, 2 }, 2)
            .Node("Slice", new[] { "x", "s", "e", "a", "t" }, new[] { "y" }).Output("y").Build(), new[] { Random(5, 24) }, new[] { new[] { 4, 6 } }),
        ["Gather"] = () => new(new OnnxModelBuilder().Input("x", 3, 4).Int64("i", new long[] { 2, -1, 0, 1 }, 2, 2)
            .Node("Gather", new[] { "x", "i" }, new[] { "y" }, ("axis", 1)).Output("y").Build(), new[] { Random(5, 12) }, new[] { new[] { 3, 4 } }),
        ["GatherElements"] = () => new(new OnnxModelBuilder().Input("x", 3, 4).Int64("i", new long[] { 2, 0, 1, 1, 0, 2 }, 2, 3)
            .Node("GatherElements", new[] { "x", "i" }, new[] { "y" }, ("axis", 0)).Output("y").Build(), new[] { Random(5, 12) }, new[] { new[] { 3, 4 } }),
        ["CastToInt"] = () => new(new OnnxModelBuilder().Input("x", 2, 5).Node("Cast", new[] { "x" }, new[] { "y" }, ("to", 7)).Output("y", 7).Build(),
            new[] { Random(5, 10, -4, 4) }, new[] { new[] { 2, 5 } }, 0),
        ["Less"] = () => Binary("Less", new[] { 2, 3 }, new[] { 3 }, tol: 0, outType: 9),
        ["Trilu"] = () => new(new OnnxModelBuilder(14).Input("x", 2, 3, 4).Int64("k", new long[] { 1 })
            .Node("Trilu", new[] { "x", "k" }, new[] { "y" }, ("upper", 0)).Output("y").Build(), new[] { Random(5, 24) }, new[] { new[] { 2, 3, 4 } }),
        ["ClipOpset10"] = () => Unary("Clip", new[] { 2, 5 }, opset: 10, attrs: new (string, object)[] { ("min", -0.5f), ("max", 0.75f) }),
        ["SliceOpset9"] = () => Unary("Slice", new[] { 3, 4 }, opset: 9, attrs: new (string, object)[] { ("starts", new[] { 1, 0 }), ("ends", new[] { 3, -1 }), ("axes", new[] { 0, 1 }) }),
        ["UnsqueezeOpset11"] = () => Unary("Unsqueeze", new[] { 2, 3 }, opset: 11, attrs: ("axes", new[] { 0, -1 })),
        ["Squeeze"] = () => new(new OnnxModelBuilder().Input("x", 2, 1, 3).Int64("a", new long[] { 1 }, 1).Node("Squeeze", new[] { "x", "a" }, new[] { "y" }).Output("y").Build(),
            new[] { Random(5, 6) }, new[] { new[] { 2, 1, 3 } }),
        ["ReduceMeanOpset18"] = () => new(new OnnxModelBuilder(18).Input("x", 2, 3, 4).Int64("a", new long[] { 0, 2 }, 2).Node("ReduceMean", new[] { "x", "a" }, new[] { "y" }).Output("y").Build(),
            new[] { Random(5, 24) }, new[] { new[] { 2, 3, 4 } }),
        ["GemmOpset7"] = () => new(new OnnxModelBuilder(7).Input("x", 4, 3).Float("w", Random(4, 6), 3, 2).Float("c", Random(6, 2), 2)
            .Node("Gemm", new[] { "x", "w", "c" }, new[] { "y" }, ("transA", 0)).Output("y").Build(), new[] { Random(5, 12) }, new[] { new[] { 4, 3 } }),
        ["GemmTransA"] = () => new(new OnnxModelBuilder().Input("x", 3, 4).Float("w", Random(4, 6), 3, 2)
            .Node("Gemm", new[] { "x", "w" }, new[] { "y" }, ("transA", 1)).Output("y").Build(), new[] { Random(5, 12) }, new[] { new[] { 3, 4 } }),
        ["TransposedWeight"] = () => new(new OnnxModelBuilder().Input("x", 2, 4).Float("w", Random(4, 12), 3, 4)
            .Node("Transpose", new[] { "w" }, new[] { "wt" }).Node("MatMul", new[] { "x", "wt" }, new[] { "y" }).Output("y").Build(), new[] { Random(5, 8) }, new[] { new[] { 2, 4 } }),
        ["Neg"] = () => Unary("Neg", new[] { 2, 3 }),
        ["Reciprocal"] = () => Unary("Reciprocal", new[] { 2, 3 }, lo: 0.5, hi: 3, tol: 8),
        ["Log"] = () => Unary("Log", new[] { 2, 3 }, lo: 0.2, hi: 3, tol: 8),
        ["Max"] = () => Binary("Max", new[] { 2, 3 }, new[] { 3 }),
        ["Min"] = () => Binary("Min", new[] { 2, 3 }, new[] { 2, 1 }),
        ["Greater"] = () => Binary("Greater", new[] { 2, 3 }, new[] { 3 }, tol: 0, outType: 9),
        ["Equal"] = () => new(new OnnxModelBuilder().Input("x", 2, 3).Float("c", new[] { 0.5f, 1f, 1.5f }, 3).Node("Equal", new[] { "x", "c" }, new[] { "y" }).Output("y", 9).Build(),
            new[] { new[] { 0.5f, 0f, 1.5f, 1f, 1f, -1f } }, new[] { new[] { 2, 3 } }, 0),
        ["Where"] = () => new(new OnnxModelBuilder().Input("a", 2, 3).Input("b", 3).Float("z", new[] { 0f }).Node("Less", new[] { "a", "z" }, new[] { "m" })
            .Node("Where", new[] { "m", "a", "b" }, new[] { "y" }).Output("y").Build(), new[] { Random(5, 6), Random(6, 3) }, new[] { new[] { 2, 3 }, new[] { 3 } }),
        ["Expand"] = () => new(new OnnxModelBuilder().Input("x", 3, 1).Int64("s", new long[] { 2, 3, 4 }, 3).Node("Expand", new[] { "x", "s" }, new[] { "y" }).Output("y").Build(),
            new[] { Random(5, 3) }, new[] { new[] { 3, 1 } }),
        ["ReduceMax"] = () => Unary("ReduceMax", new[] { 2, 3, 4 }, attrs: new (string, object)[] { ("axes", new[] { 1 }), ("keepdims", 0) }),
        ["ShapeArithmetic"] = () => new(new OnnxModelBuilder().Input("x", 2, 3, 4).Int64("i0", new long[] { 0 }).Int64("ax", new long[] { 0 }, 1).Int64("m1", new long[] { -1 }, 1)
            .Node("Shape", new[] { "x" }, new[] { "s" }).Node("Gather", new[] { "s", "i0" }, new[] { "b" }, ("axis", 0))
            .Node("Unsqueeze", new[] { "b", "ax" }, new[] { "bu" }).Node("Concat", new[] { "bu", "m1" }, new[] { "ns" }, ("axis", 0))
            .Node("Cast", new[] { "ns" }, new[] { "nsc" }, ("to", 7)).Node("Reshape", new[] { "x", "nsc" }, new[] { "y" }).Output("y").Build(),
            new[] { Random(5, 24) }, new[] { new[] { 2, 3, 4 } }),
    };

    // ArgMax's output is int64.
    private static byte[] Retype(byte[] model)
    {
        var m = Onnx.ModelProto.Parser.ParseFrom(model);
        m.Graph.Output[0].Type.TensorType.ElemType = 7;
        return Google.Protobuf.MessageExtensions.ToByteArray(m);
    }

    public static TheoryData<string> CaseNames()
    {
        var d = new TheoryData<string>();
        foreach (string k in Cases.Keys) d.Add(k);
        return d;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesOnnxRuntime(string name)
    {
        var c = Cases[name]();
        var graph = OnnxImporter.Load(c.Model, name);
        var model = Quantizer.Quantize(graph, new Settings());
        var acts = IntegerExecutor.Run(model, c.Inputs);
        var reference = OrtReference.Run(c.Model, c.Inputs.Select((x, i) => (x, c.Shapes[i])).ToList())[0];
        string output = graph.Outputs[0];
        var ours = acts.Dequantize(output);
        Assert.Equal(reference.Length, ours.Length);
        double step = Math.ScaleB(1, -model.ScaleOf(output));
        for (int i = 0; i < ours.Length; i++)
            Assert.True(Math.Abs(ours[i] - reference[i]) <= c.TolLsb * step + 1e-9,
                $"{name}[{i}]: integer {ours[i]} vs ONNX Runtime {reference[i]} (tolerance {c.TolLsb} × {step})");
    }

    [Fact]
    public void ShapeArithmeticIsFoldedAway()
    {
        var graph = OnnxImporter.Load(Cases["ShapeArithmetic"]().Model, "shape");
        Assert.Equal(new[] { Model.OpKind.Reshape }, graph.Nodes.Select(n => n.Op));
    }

    [Fact]
    public void ConstantTransposeIsFolded()
    {
        var graph = OnnxImporter.Load(Cases["TransposedWeight"]().Model, "t");
        Assert.Equal(new[] { Model.OpKind.MatMul }, graph.Nodes.Select(n => n.Op));
    }

    [Fact]
    public void BatchNormalizationFoldsIntoConv()
    {
        var graph = OnnxImporter.Load(Cases["ConvBatchNormalization"]().Model, "bn");
        Assert.Equal(new[] { Model.OpKind.Conv }, graph.Nodes.Select(n => n.Op));
    }
}

internal static class FunctionalExtensions
{
    public static TOut Let<TIn, TOut>(this TIn value, Func<TIn, TOut> f) => f(value);
}

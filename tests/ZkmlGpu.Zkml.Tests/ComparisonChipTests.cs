using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// Comparison, selection and sign chips (MaxPool, ReduceMax, ArgMax, Less/Greater/Equal, Where, Clip, Abs, Neg,
/// PRelu): honest witnesses equal the integer executor (ties, equal values, negatives, padding), dishonest ones are
/// rejected naming the node.
/// </summary>
public class ComparisonChipTests(ITestOutputHelper output)
{
    private static QuantizedModel Quantize(byte[] bytes, string name, Settings? settings = null) =>
        Quantizer.Quantize(OnnxImporter.Load(bytes, name), settings ?? new Settings());

    /// <summary>The honest circuit: the mock accepts it and its public outputs are the executor's.</summary>
    private ModelCircuit AssertHonest(QuantizedModel model, IReadOnlyList<long[]> inputs)
    {
        var circuit = new ModelCircuit(model, inputs);
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), b.PublicInputs[1]);
        output.WriteLine($"{model.Graph.Name}: " + string.Join(", ", b.Regions.Select(r => $"{r.Name} {r.Rows} rows")) + $"; k {mock.K}");
        return circuit;
    }

    private static long[][] Outputs(QuantizedModel model, IReadOnlyList<long[]> inputs) =>
        IntegerExecutor.Run(model, inputs).Outputs.Select(t => t.Data).ToArray();

    /// <summary>Rewrites cells of the node's region (the first node of <paramref name="op"/>, or the one named) after it is laid out.</summary>
    private static ModelCircuit Tampered(QuantizedModel model, IReadOnlyList<long[]> inputs, OpKind op, Action<CircuitBuilder, LayerColumns, RegionInfo> change, string? nodeName = null)
    {
        var columns = new ModelCircuit(model, inputs).Columns;
        string target = nodeName ?? model.Graph.Nodes.First(n => n.Op == op).Name;
        return new ModelCircuit(model, inputs) { AfterNode = (b, node, region) => { if (node.Name == target) change(b, columns, region); } };
    }

    private static void AssertRejectedAt(ModelCircuit circuit, QuantizedModel model, OpKind op, string? gate = null, string? nodeName = null)
    {
        var mock = MockProver.Check(circuit);
        Assert.False(mock.IsSatisfied);
        string node = nodeName ?? model.Graph.Nodes.First(n => n.Op == op).Name;
        Assert.Contains(mock.Failures, f => f.Region is { } r && r.StartsWith($"{node} ({op})@") && f.Kind != FailureKind.Copy
            && (gate is null || f.Name.StartsWith(gate)));
    }

    /// <summary>A cell's value as a signed integer (−v is stored as r − v).</summary>
    private static long Int(CircuitBuilder b, Cell c)
    {
        var v = b.ValueOf(c).ToBigInteger();
        return (long)(v > Fr.Modulus / 2 ? v - Fr.Modulus : v);
    }

    private static void Set(CircuitBuilder b, Cell c, long v) => b.Assign(c.Column, c.Row, Fr.FromInt64(v));

    /// <summary>The first row of the region whose predicate holds (values as signed integers).</summary>
    private static int FirstRow(CircuitBuilder b, RegionInfo r, Func<int, bool> where) =>
        Enumerable.Range(r.Start, r.Rows).First(where);

    // ---------------------------------------------------------------- MaxPool, ReduceMax

    [Fact]
    public void OneLayerMaxPoolModelIsSupported()
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, "1l_max_pool");
        var real = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), real), new Settings());
        Assert.Contains(model.Graph.Nodes, n => n.Op == OpKind.MaxPool);
        AssertHonest(model, IntegerExecutor.QuantizeInputs(model, real));
    }

    private static (QuantizedModel, IReadOnlyList<long[]>) PoolModel(int[] dilations)
    {
        var bytes = new OnnxModelBuilder().Input("x", 1, 2, 4, 5)
            .Node("MaxPool", ["x"], ["y"], ("kernel_shape", new[] { 3, 3 }), ("strides", new[] { 2, 1 }), ("pads", new[] { 1, 2, 1, 1 }), ("dilations", dilations))
            .Output("y").Build();
        var model = Quantize(bytes, "maxpool");
        // Every value negative (padding read as 0 would win) with ties.
        var x = Enumerable.Range(0, 40).Select(i => -0.25f * (1 + (i * 7) % 9)).ToArray();
        return (model, IntegerExecutor.QuantizeInputs(model, [x]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MaxPoolIgnoresPaddingAndMatchesTheExecutor(int dilation)
    {
        var (model, inputs) = PoolModel([dilation, dilation]);
        AssertHonest(model, inputs);
        Assert.All(Outputs(model, inputs)[0], v => Assert.True(v < 0));
    }

    [Fact]
    public void NonMaximalElementClaimedAsTheMaximumIsRejected()
    {
        var (model, inputs) = PoolModel([1, 1]);
        // The smaller operand as the pair's result: the max gate fails.
        AssertRejectedAt(Tampered(model, inputs, OpKind.MaxPool, (b, c, r) =>
        {
            int row = FirstRow(b, r, i => Int(b, c.C[1].At(i)) != Int(b, c.C[3].At(i)));
            Set(b, c.Acc.At(row), Math.Min(Int(b, c.C[1].At(row)), Int(b, c.C[3].At(row))));
        }), model, OpKind.MaxPool, "max");
        // ...with the comparison bit flipped to make the max gate hold: the sign decomposition fails.
        AssertRejectedAt(Tampered(model, inputs, OpKind.MaxPool, (b, c, r) =>
        {
            int row = FirstRow(b, r, i => Int(b, c.C[1].At(i)) != Int(b, c.C[3].At(i)));
            Set(b, c.Acc.At(row), Math.Min(Int(b, c.C[1].At(row)), Int(b, c.C[3].At(row))));
            Set(b, c.C[2].At(row), 1 - Int(b, c.C[2].At(row)));
        }), model, OpKind.MaxPool, "sign0");
    }

    [Fact]
    public void ReduceMaxOverAxesWithTiesAndNegativesMatchesTheExecutor()
    {
        var bytes = new OnnxModelBuilder().Input("x", 2, 3, 4)
            .Node("ReduceMax", ["x"], ["y1"], ("axes", new[] { 1 }), ("keepdims", 0))
            .Node("ReduceMax", ["x"], ["y2"], ("axes", new[] { 0, 2 }), ("keepdims", 1))
            .Node("ReduceMax", ["x"], ["y3"], ("axes", new[] { 0, 1, 2 }), ("keepdims", 0))
            .Output("y1").Output("y2").Output("y3").Build();
        var model = Quantize(bytes, "reducemax");
        var x = Enumerable.Range(0, 24).Select(i => -1.5f + 0.5f * ((i * 5) % 7)).ToArray();
        var inputs = IntegerExecutor.QuantizeInputs(model, [x]);
        AssertHonest(model, inputs);
        var outs = Outputs(model, inputs);
        Assert.Equal([8, 3, 1], outs.Select(o => o.Length));
        Assert.Equal((long)(1.5 * 4096), outs[2][0]);
        AssertRejectedAt(Tampered(model, inputs, OpKind.ReduceMax, (b, c, r) =>
        {
            int row = FirstRow(b, r, i => Int(b, c.C[1].At(i)) != Int(b, c.C[3].At(i)));
            Set(b, c.Acc.At(row), Math.Min(Int(b, c.C[1].At(row)), Int(b, c.C[3].At(row))));
        }), model, OpKind.ReduceMax, "max");
    }

    // ---------------------------------------------------------------- ArgMax

    private static (QuantizedModel, IReadOnlyList<long[]>) ArgMaxModel()
    {
        var bytes = new OnnxModelBuilder().Input("x", 3, 4)
            .Node("ArgMax", ["x"], ["first"], ("axis", 1), ("keepdims", 1))
            .Node("ArgMax", ["x"], ["last"], ("axis", 1), ("keepdims", 0), ("select_last_index", 1))
            .Node("ArgMax", ["x"], ["col"], ("axis", 0), ("keepdims", 0))
            .Output("first", 7).Output("last", 7).Output("col", 7).Build();
        var model = Quantize(bytes, "argmax");
        float[] x = [1, 3, 3, 2, -1, -1, -1, -1, -5, 2, -7, 2];
        return (model, IntegerExecutor.QuantizeInputs(model, [x]));
    }

    [Fact]
    public void ArgMaxFirstAndLastIndexAmongTiesMatchTheExecutor()
    {
        var (model, inputs) = ArgMaxModel();
        AssertHonest(model, inputs);
        var outs = Outputs(model, inputs);
        Assert.Equal([1L, 0, 1], outs[0]);
        Assert.Equal([2L, 3, 3], outs[1]);
        Assert.Equal([0L, 0, 0, 0], outs[2]);
    }

    [Fact]
    public void ArgMaxOtherIndexAmongTiesIsRejected()
    {
        var (model, inputs) = ArgMaxModel();
        var nodes = model.Graph.Nodes.Where(n => n.Op == OpKind.ArgMax).ToArray();
        const int n = 4, scan = n - 1, output = 2 * n - 1; // line 0: [1, 3, 3, 2]; scan rows 3..6, output row 7
        // The index alone changed: the output gate fails.
        AssertRejectedAt(Tampered(model, inputs, OpKind.ArgMax, (b, c, r) => Set(b, c.C[0].At(r.Start + output), 2), nodes[0].Name),
            model, OpKind.ArgMax, "argmax.out", nodes[0].Name);
        // First index claimed as 2 with a consistent count (p = 0, 0, 1, 1, s = 0, 0, 1, 2, k = 4 − 2): p ignores x_1 = m.
        AssertRejectedAt(Tampered(model, inputs, OpKind.ArgMax, (b, c, r) =>
        {
            long[] p = [0, 0, 1, 1], s = [0, 0, 1, 2];
            for (int j = 0; j < n; j++) { Set(b, c.C[3].At(r.Start + scan + j), p[j]); Set(b, c.Acc.At(r.Start + scan + j), s[j]); }
            Set(b, c.C[0].At(r.Start + output), 2);
        }, nodes[0].Name), model, OpKind.ArgMax, "argmax.next", nodes[0].Name);
        // Last index claimed as 1 (the first tie): the backward scan x_3, x_2, x_1, x_0 must skip x_2 = m.
        AssertRejectedAt(Tampered(model, inputs, OpKind.ArgMax, (b, c, r) =>
        {
            long[] p = [0, 0, 1, 1], s = [0, 0, 1, 2];
            for (int j = 0; j < n; j++) { Set(b, c.C[3].At(r.Start + scan + j), p[j]); Set(b, c.Acc.At(r.Start + scan + j), s[j]); }
            Set(b, c.C[0].At(r.Start + output), 1);
        }, nodes[1].Name), model, OpKind.ArgMax, "argmax.next", nodes[1].Name);
        // A "not equal" bit forced on the maximal element by a wrong inverse: d = 0 makes z = 1 whatever w is, so p must flip.
        AssertRejectedAt(Tampered(model, inputs, OpKind.ArgMax, (b, c, r) =>
        {
            Set(b, c.C[2].At(r.Start + scan + 1), 5);
            Set(b, c.C[3].At(r.Start + scan + 1), 0);
        }, nodes[0].Name), model, OpKind.ArgMax, "argmax.next", nodes[0].Name);
        // A different maximum: the m column is copied from the pair chain and carried down.
        AssertRejectedAt(Tampered(model, inputs, OpKind.ArgMax, (b, c, r) => Set(b, c.C[1].At(r.Start + scan + 2), 2 * 4096), nodes[0].Name),
            model, OpKind.ArgMax, "argmax.next", nodes[0].Name);
    }

    // ---------------------------------------------------------------- Less, Greater, Equal, Where

    /// <summary>m = a·I stays at scale 24 (rebaseMultiplier 2), so comparisons and Where shift b (scale 12).</summary>
    private static (QuantizedModel, IReadOnlyList<long[]>) CompareModel()
    {
        var bytes = new OnnxModelBuilder().Input("a", 2, 3).Input("b", 3)
            .Float("k", [1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], 3, 3).Float("z", [0.5f], 1).Float("cond", [1f, 0f, 1f], 3).Float("w", [-2f, 0.25f, 3f], 3)
            .Node("MatMul", ["a", "k"], ["m"])
            .Node("Less", ["m", "b"], ["lt"]).Node("Greater", ["a", "z"], ["gt"]).Node("Equal", ["a", "b"], ["eq"])
            .Node("Where", ["lt", "m", "b"], ["w1"]).Node("Where", ["eq", "a", "w"], ["w2"])
            .Node("Where", ["cond", "a", "m"], ["w3"]).Node("Where", ["cond", "w", "b"], ["w4"])
            .Output("lt", 9).Output("gt", 9).Output("eq", 9).Output("w1").Output("w2").Output("w3").Output("w4").Build();
        var model = Quantize(bytes, "compare", new Settings { RebaseMultiplier = 2 });
        float[] a = [0.5f, -1.5f, 2.25f, -0.75f, 0.5f, -2f], b = [0.5f, -1.5f, -1f];
        return (model, IntegerExecutor.QuantizeInputs(model, [a, b]));
    }

    [Fact]
    public void ComparisonsAndWhereMatchTheExecutorAcrossScales()
    {
        var (model, inputs) = CompareModel();
        var g = model.Graph;
        var less = g.Nodes.First(n => n.Op == OpKind.Less);
        Assert.NotEqual(g[less.Inputs[0]].Scale, g[less.Inputs[1]].Scale);
        AssertHonest(model, inputs);
        var outs = Outputs(model, inputs);
        Assert.Equal([0L, 0, 0, 1, 0, 1], outs[0]);      // m < b (ties give 0)
        Assert.Equal([0L, 0, 1, 0, 0, 0], outs[1]);      // a > 0.5
        Assert.Equal([1L, 1, 0, 0, 0, 0], outs[2]);      // a == b
        Assert.Equal(24, g[g.Outputs[3]].Scale);
    }

    [Fact]
    public void FlippedComparisonOrWhereBitIsRejected()
    {
        var (model, inputs) = CompareModel();
        AssertRejectedAt(Tampered(model, inputs, OpKind.Less, (b, c, r) => Set(b, c.C[2].At(r.Start + 3), 0)), model, OpKind.Less, "sign0");
        AssertRejectedAt(Tampered(model, inputs, OpKind.Greater, (b, c, r) => Set(b, c.C[2].At(r.Start + 2), 1 - Int(b, c.C[2].At(r.Start + 2)))), model, OpKind.Greater, "sign0");
        // Equal claimed 0 on a tie (any inverse), or 1 on different values.
        AssertRejectedAt(Tampered(model, inputs, OpKind.Equal, (b, c, r) => Set(b, c.Acc.At(r.Start), 0)), model, OpKind.Equal, "cmp.eq");
        AssertRejectedAt(Tampered(model, inputs, OpKind.Equal, (b, c, r) => { Set(b, c.Acc.At(r.Start + 2), 1); Set(b, c.C[2].At(r.Start + 2), 0); }), model, OpKind.Equal, "cmp.eq");
        // Where's bit flipped and the output set to the other branch, so only the bit's own constraints can catch it.
        var where = model.Graph.Nodes.First(n => n.Op == OpKind.Where).Name;
        AssertRejectedAt(Tampered(model, inputs, OpKind.Where, (b, c, r) =>
        {
            int row = FirstRow(b, r, i => Int(b, c.C[0].At(i)) != 0);
            Set(b, c.C[2].At(row), 0);
            Set(b, c.Acc.At(row), Int(b, c.F[1].At(row)) * Int(b, c.C[3].At(row)));
        }), model, OpKind.Where, "where");
        AssertRejectedAt(Tampered(model, inputs, OpKind.Where, (b, c, r) =>
        {
            int row = FirstRow(b, r, i => Int(b, c.C[0].At(i)) == 0);
            Set(b, c.C[2].At(row), 1);
            Set(b, c.Acc.At(row), Int(b, c.F[0].At(row)) * Int(b, c.C[1].At(row)));
        }), model, OpKind.Where, "where");
    }

    [Fact]
    public void ConstantConditionWhereIsReindexingExceptForShifts()
    {
        var (model, _) = CompareModel();
        var circuit = new ModelCircuit(model);
        var whereNodes = model.Graph.Nodes.Where(n => n.Op == OpKind.Where).ToArray();
        // An activation condition: a row per element. w3 = cond ? a : m at scale 24: the four chosen elements of a
        // need a shift row, those of m none; w4 = cond ? w : b at b's scale: constant cells and b's cells, no rows.
        Assert.Equal(6, circuit.RowsOf(whereNodes[0]));
        Assert.Equal(4, circuit.RowsOf(whereNodes[2]));
        Assert.Equal(model.Graph[whereNodes[3].Inputs[2]].Scale, model.Graph[whereNodes[3].Outputs[0]].Scale);
        Assert.Equal(0, circuit.RowsOf(whereNodes[3]));
    }

    [Fact]
    public void WhereOnARealValuedConditionTestsForNonZero()
    {
        var bytes = new OnnxModelBuilder().Input("c", 2, 3).Input("a", 2, 3).Input("b", 1, 3)
            .Node("Where", ["c", "a", "b"], ["y"]).Output("y").Build();
        var model = Quantize(bytes, "where");
        float[] c = [0f, -0.5f, 0.0003f, 0f, 2f, -0.0001f], a = [1f, 2f, 3f, 4f, 5f, 6f], b = [-1f, -2f, -3f];
        var inputs = IntegerExecutor.QuantizeInputs(model, [c, a, b]);
        AssertHonest(model, inputs);
        // 0.0001 · 2^12 rounds to 0, so the last element takes b.
        Assert.Equal(new[] { -1L, 2, 3, -1, 5, -3 }.Select(v => v << 12), Outputs(model, inputs)[0]);
        // The bit claimed 1 for c = 0 with any inverse: t = c·w fails.
        AssertRejectedAt(Tampered(model, inputs, OpKind.Where, (b, col, r) =>
        {
            Set(b, col.C[2].At(r.Start), 1);
            Set(b, col.Acc.At(r.Start), Int(b, col.C[1].At(r.Start)));
        }), model, OpKind.Where, "where");
    }

    [Fact]
    public void UnsupportedVariantsAreOneLineFormatErrors()
    {
        var bytes = new OnnxModelBuilder().Input("x", 2, 3).Float("s", [0.5f, 5000f, 1f], 3).Node("PRelu", ["x", "s"], ["y"]).Output("y").Build();
        var e = Assert.Throws<ModelFormatException>(() => new ModelCircuit(Quantize(bytes, "prelu")));
        Assert.Equal("model 'prelu', node 'PRelu_0' (PRelu): a quantized slope beyond ±2^24", e.Message);
    }

    // ---------------------------------------------------------------- Clip, Abs, Neg, PRelu

    private static (QuantizedModel, IReadOnlyList<long[]>) SignModel()
    {
        var bytes = new OnnxModelBuilder().Input("x", 2, 5).Float("lo", [-0.5f]).Float("hi", [1.25f]).Float("slope", [0.25f, 0f, -0.5f, 1.5f, 0.1f], 5)
            .Node("Clip", ["x", "lo", "hi"], ["c"]).Node("Abs", ["x"], ["a"]).Node("Neg", ["x"], ["n"]).Node("PRelu", ["x", "slope"], ["p"])
            .Output("c").Output("a").Output("n").Output("p").Build();
        var model = Quantize(bytes, "sign");
        float[] x = [-0.5f, 1.25f, -3.0001f, 0f, 2f, -0.7f, -0.3f, 1.3f, -1.1f, -0.0003f];
        return (model, IntegerExecutor.QuantizeInputs(model, [x]));
    }

    [Fact]
    public void ClipAbsNegAndPReluMatchTheExecutor()
    {
        var (model, inputs) = SignModel();
        AssertHonest(model, inputs);
        var outs = Outputs(model, inputs);
        Assert.Equal(-2048L, outs[0][0]);
        Assert.Equal(5120L, outs[0][7]);
        Assert.All(outs[1], v => Assert.True(v >= 0));
    }

    [Fact]
    public void OtherBranchOfAbsClipOrPReluIsRejected()
    {
        var (model, inputs) = SignModel();
        // Abs: x itself at a negative x.
        AssertRejectedAt(Tampered(model, inputs, OpKind.Abs, (b, c, r) => Set(b, c.Acc.At(r.Start + 2), Int(b, c.C[0].At(r.Start + 2)))), model, OpKind.Abs, "abs");
        // ...and with x's sign bit flipped to match: the decomposition fails.
        AssertRejectedAt(Tampered(model, inputs, OpKind.Abs, (b, c, r) =>
        {
            Set(b, c.Acc.At(r.Start + 2), Int(b, c.C[0].At(r.Start + 2)));
            Set(b, c.C[2].At(r.Start + 2), 0);
        }), model, OpKind.Abs, "sign0");
        // Clip: x itself below the lower bound (element 2, its lower-bound row 4).
        AssertRejectedAt(Tampered(model, inputs, OpKind.Clip, (b, c, r) => Set(b, c.Acc.At(r.Start + 4), Int(b, c.C[1].At(r.Start + 4)))), model, OpKind.Clip, "max");
        // PRelu: x instead of the scaled branch at a negative x (element 0 takes rows 0–2, element 1 (slope 0) row 3,
        // element 2: rows 4, 5 divide, row 6 selects).
        AssertRejectedAt(Tampered(model, inputs, OpKind.PRelu, (b, c, r) => Set(b, c.Acc.At(r.Start + 6), Int(b, c.C[0].At(r.Start + 6)))), model, OpKind.PRelu, "prelu");
        // PRelu: the quotient off by one, also in the select row.
        AssertRejectedAt(Tampered(model, inputs, OpKind.PRelu, (b, c, r) =>
        {
            Set(b, c.C[1].At(r.Start + 4), Int(b, c.C[1].At(r.Start + 4)) + 1);
            Set(b, c.C[1].At(r.Start + 6), Int(b, c.C[1].At(r.Start + 6)) + 1);
            Set(b, c.Acc.At(r.Start + 6), Int(b, c.Acc.At(r.Start + 6)) + 1);
        }), model, OpKind.PRelu, "div");
        // PRelu with a zero slope: x = −0.3 instead of 0 (element 6, after rows 3 + 1 + 3 + 3 + 3 + 3 = 16).
        AssertRejectedAt(Tampered(model, inputs, OpKind.PRelu, (b, c, r) =>
        {
            Assert.True(Int(b, c.C[0].At(r.Start + 16)) < 0);
            Set(b, c.Acc.At(r.Start + 16), Int(b, c.C[0].At(r.Start + 16)));
        }), model, OpKind.PRelu, "prelu");
        // Neg: y = x.
        AssertRejectedAt(Tampered(model, inputs, OpKind.Neg, (b, c, r) => Set(b, c.Acc.At(r.Start + 2), Int(b, c.C[0].At(r.Start + 2)))), model, OpKind.Neg, "linear");
    }

    // ---------------------------------------------------------------- proofs

    [Fact]
    public void HonestProofVerifiesAndForcedProofOfAFlippedBitDoesNot()
    {
        var bytes = new OnnxModelBuilder().Input("x", 2, 4).Float("z", [0f], 1)
            .Node("Less", ["x", "z"], ["l"]).Node("Neg", ["x"], ["n"]).Node("Where", ["l", "n", "x"], ["a"])
            .Node("ArgMax", ["a"], ["i"], ("axis", 1), ("keepdims", 0)).Output("a").Output("i", 7).Build();
        var model = Quantize(bytes, "proof");
        var inputs = IntegerExecutor.QuantizeInputs(model, [[0.5f, -2f, 2f, 1f, -0.25f, 0.25f, 0f, -0.125f]]);
        var honest = AssertHonest(model, inputs);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        using var device = new CpuDevice();
        using var pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7), device, shape);
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, honest), honest.PublicInputs()));
        output.WriteLine($"proof model: rows {shape.RowsUsed}, k {shape.MinimumK}");

        var bad = Tampered(model, inputs, OpKind.Less, (b, c, r) => Set(b, c.C[2].At(r.Start + 1), 0));
        Assert.False(MockProver.Check(bad).IsSatisfied);
        var proof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, honest.PublicInputs()));
    }
}

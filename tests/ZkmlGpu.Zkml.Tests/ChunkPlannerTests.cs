using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Cut points and chunk graphs: running the chunks one after another reproduces the whole model's activations.</summary>
public class ChunkPlannerTests
{
    private static long Rows(Node node) => node.Op is OpKind.Reshape or OpKind.Flatten ? 0 : 1 + node.Outputs.Count;

    private static (QuantizedModel, IReadOnlyList<long[]>) Ezkl(string name)
    {
        string dir = Path.Combine(EzklModelTests.ModelsDir, name);
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs), new Settings());
        return (model, IntegerExecutor.QuantizeInputs(model, inputs));
    }

    private static (QuantizedModel, IReadOnlyList<long[]>) Mnist()
    {
        var model = ZkmlMsgpackImporter.ImportQuantized(ZkmlMsgpackReader.ReadModel(Path.Combine(ZkmlMsgpackReaderTests.Dir, "model.msgpack")), "mnist");
        return (model, [ZkmlMsgpackReader.ReadInputs(Path.Combine(ZkmlMsgpackReaderTests.Dir, "inp.msgpack"))[0].Data]);
    }

    /// <summary>Executes every chunk on the previous chunk's boundary values and compares each boundary with the whole run.</summary>
    private static void AssertChunksReproduceTheModel(ChunkPlan plan, IReadOnlyList<long[]> inputs)
    {
        var whole = IntegerExecutor.Run(plan.Model, inputs);
        IReadOnlyList<long[]> carried = inputs;
        foreach (var chunk in plan.Chunks)
        {
            Assert.Equal(chunk.Inputs.Select(e => whole[e].Data), carried);
            var sub = ChunkGraph.Extract(plan.Model, chunk);
            Assert.Equal(chunk.NodeCount, sub.Graph.Nodes.Count);
            var acts = IntegerExecutor.Run(sub, carried);
            carried = chunk.Outputs.Select(e => acts[e].Data).ToArray();
            foreach (var (e, v) in chunk.Outputs.Zip(carried)) Assert.Equal(whole[e].Data, v);
        }
        Assert.Equal(plan.Model.Graph.Outputs.Select(e => whole[e].Data), carried);
    }

    public static TheoryData<string, int> ModelsAndCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (string m in new[] { "lenet_5", "4l_relu_conv_fc", "3l_relu_conv_fc", "2l_relu_fc", "1l_mlp", "1l_average", "1l_batch_norm" })
            foreach (int n in new[] { 1, 2, 3, 4 }) data.Add(m, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndCounts))]
    public void EvenChunksOfSharedModelsReproduceTheWholeRun(string name, int chunks)
    {
        var (model, inputs) = Ezkl(name);
        if (chunks > model.Graph.Nodes.Count)
        {
            Assert.Throws<ArgumentException>(() => ChunkPlanner.Even(model, chunks, Rows));
            return;
        }
        var plan = ChunkPlanner.Even(model, chunks, Rows);
        Assert.Equal(chunks, plan.Chunks.Count);
        AssertChunksReproduceTheModel(plan, inputs);
    }

    [Fact]
    public void MnistInFourChunksReproducesTheWholeRun()
    {
        var (model, inputs) = Mnist();
        var plan = ChunkPlanner.Even(model, 4, n => model.Graph[n.Outputs[0]].Shape.Size);
        Assert.Equal(4, plan.Chunks.Count);
        AssertChunksReproduceTheModel(plan, inputs);
    }

    [Fact]
    public void ASkipConnectionIsCommittedAtEveryCutItCrosses()
    {
        var bytes = new OnnxModelBuilder().Input("x", 1, 4)
            .Node("Relu", ["x"], ["a"]).Node("Neg", ["a"], ["b"]).Node("Relu", ["b"], ["c"]).Node("Add", ["c", "x"], ["y"]).Output("y").Build();
        var model = Quantizer.Quantize(OnnxImporter.Load(bytes, "skip"), new Settings());
        var plan = ChunkPlanner.SplitAt(model, [model.Graph.Nodes[1].Name, model.Graph.Nodes[3].Name], Rows);
        Assert.Equal(["x"], plan.Chunks[0].Inputs);
        Assert.Equal(["x", "a"], plan.Chunks[0].Outputs);
        Assert.Equal(["x", "a"], plan.Chunks[1].Inputs);
        Assert.Equal(["x", "c"], plan.Chunks[1].Outputs);
        Assert.Equal(["x", "c"], plan.Chunks[2].Inputs);
        Assert.Equal(["y"], plan.Chunks[2].Outputs);
        AssertChunksReproduceTheModel(plan, IntegerExecutor.QuantizeInputs(model, [[0.5f, -1f, 2f, -0.25f]]));
    }

    [Fact]
    public void EvenMinimisesTheLargestChunkAsBruteForceDoes()
    {
        var (model, _) = Ezkl("lenet_5");
        var g = model.Graph;
        var rng = new Random(3);
        for (int trial = 0; trial < 20; trial++)
        {
            var rows = g.Nodes.ToDictionary(n => n, _ => (long)rng.Next(0, 100));
            int n = g.Nodes.Count;
            for (int chunks = 2; chunks <= 3; chunks++)
            {
                var plan = ChunkPlanner.Even(model, chunks, node => rows[node]);
                long got = plan.Chunks.Max(c => c.EstimatedRows);
                long brute = long.MaxValue;
                foreach (var cuts in Combinations(1, n - 1, chunks - 1))
                {
                    int[] b = [0, .. cuts, n];
                    long max = 0;
                    for (int j = 0; j + 1 < b.Length; j++) max = Math.Max(max, Enumerable.Range(b[j], b[j + 1] - b[j]).Sum(i => rows[g.Nodes[i]]));
                    brute = Math.Min(brute, max);
                }
                Assert.Equal(brute, got);
            }
        }
    }

    private static IEnumerable<int[]> Combinations(int lo, int hi, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (int i = lo; i <= hi - k + 1; i++)
            foreach (var rest in Combinations(i + 1, hi, k - 1)) yield return [i, .. rest];
    }

    [Fact]
    public void AutoUsesTheFewestChunksWithinTheBudgetAndNamesANodeThatCannotFit()
    {
        var (model, inputs) = Ezkl("lenet_5");
        long Big(Node n) => model.Graph[n.Outputs[0]].Shape.Size;
        long largest = model.Graph.Nodes.Max(Big);
        var plan = ChunkPlanner.Auto(model, largest * 2, Big);
        Assert.All(plan.Chunks, c => Assert.True(c.EstimatedRows <= largest * 2));
        // No plan with one chunk fewer fits: merging any two neighbours exceeds the budget.
        for (int j = 0; j + 1 < plan.Chunks.Count; j++)
            Assert.True(plan.Chunks[j].EstimatedRows + plan.Chunks[j + 1].EstimatedRows > largest * 2);
        AssertChunksReproduceTheModel(plan, inputs);

        var e = Assert.Throws<ArgumentException>(() => ChunkPlanner.Auto(model, largest - 1, Big));
        var biggest = model.Graph.Nodes.First(n => Big(n) == largest);
        Assert.Contains($"'{biggest.Name}'", e.Message);
    }

    [Fact]
    public void BadCutsAreOneLineErrors()
    {
        var (model, _) = Ezkl("2l_relu_fc");
        Assert.Contains("no node 'nope'", Assert.Throws<ArgumentException>(() => ChunkPlanner.SplitAt(model, ["nope"], Rows)).Message);
        Assert.Contains("first node", Assert.Throws<ArgumentException>(() => ChunkPlanner.SplitAt(model, [model.Graph.Nodes[0].Name], Rows)).Message);
        Assert.Contains("cannot be cut into 9", Assert.Throws<ArgumentException>(() => ChunkPlanner.Even(model, 9, Rows)).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => ChunkPlanner.Even(model, 0, Rows)).Message);
    }
}

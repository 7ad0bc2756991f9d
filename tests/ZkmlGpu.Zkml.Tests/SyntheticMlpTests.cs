using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>The synthetic MLP of `bench chunked`, and planning chunks against their real circuits' rows.</summary>
public class SyntheticMlpTests
{
    private static QuantizedModel Mlp(int layers, int width) => Quantizer.Quantize(SyntheticMlp.Build(layers, width), new Settings());

    private static Func<Node, long> RowsOf(QuantizedModel model)
    {
        var circuit = new ModelCircuit(model);
        return node => circuit.RowsOf(node);
    }

    [Fact]
    public void ActivationsNeitherVanishNorOverflowAcrossManyLayers()
    {
        var model = Mlp(40, 32);
        Assert.Equal(40, model.Graph.Nodes.Count(n => n.Op == OpKind.Gemm));
        var random = new Random(5);
        long[] x = Enumerable.Range(0, 32).Select(_ => random.NextInt64(-4096, 4097)).ToArray();
        var acts = IntegerExecutor.Run(model, [x]);
        long[] last = acts[model.Graph.Outputs[0]].Data;
        Assert.Contains(last, v => v != 0);
        Assert.All(last, v => Assert.InRange(v, 0, 1L << 40)); // a Relu output
    }

    [Fact]
    public void EveryLayerSharesOneWeightTensor()
    {
        var g = SyntheticMlp.Build(3, 8);
        Assert.All(g.Nodes.Where(n => n.Op == OpKind.Gemm), n => Assert.Equal(["w", "b"], n.Inputs.Skip(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticMlp.Build(0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticMlp.Build(2, 0));
    }

    [Fact]
    public void AutoWithinFitsEveryChunksRealCircuitWherePlainAutoOverflows()
    {
        var model = Mlp(24, 32);
        var rowsOf = RowsOf(model);
        const int k = 13;
        int MinimumK(ChunkPlan plan, Chunk c) => CircuitShape.Of(ChunkKeySet.ShapeCircuit(plan, c)).MinimumK;

        // The estimate omits public inputs, tables and blinding rows: a plan to the full 2^k overflows.
        var naive = ChunkPlanner.Auto(model, 1L << k, rowsOf, 14);
        Assert.Contains(naive.Chunks, c => MinimumK(naive, c) > k);

        var plan = ChunkPlanner.AutoWithin(model, k, rowsOf, 14);
        Assert.All(plan.Chunks, c => Assert.True(MinimumK(plan, c) <= k, $"chunk {c.Index} needs k = {MinimumK(plan, c)}"));
        Assert.InRange(plan.Chunks.Count, naive.Chunks.Count, naive.Chunks.Count + 1);

        var whole = IntegerExecutor.Run(model, [new long[32]]);
        Assert.Equal(model.Graph.Outputs.Select(e => whole[e].Data), plan.Chunks[^1].Outputs.Select(e => whole[e].Data));

        // The shapes laid out to check the rows are the ones keygen uses: not laid out a second time, and equal to a fresh layout.
        using var keys = ChunkKeySet.Prepare(plan, ScheduledBundleFixture.Srs);
        Assert.NotNull(plan.LaidOutShapes);
        Assert.All(plan.Chunks.Where(c => !keys.IsShared(c.Index)), c => Assert.Same(plan.LaidOutShapes![c.Index], keys.Shape(c.Index)));
        Assert.All(plan.Chunks, c => Assert.Equal(CircuitShape.Of(ChunkKeySet.ShapeCircuit(plan, c)).Fingerprint(), keys.Shape(c.Index).Fingerprint()));
    }

    [Fact]
    public void AutoWithinNamesTheLimitWhenTheTablesAloneFillTheBudget()
    {
        var model = Mlp(4, 8);
        var e = Assert.ThrowsAny<ArgumentException>(() => ChunkPlanner.AutoWithin(model, 12, RowsOf(model), 14));
        Assert.Contains("2^12", e.Message);
    }
}

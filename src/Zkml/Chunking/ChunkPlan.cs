using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// A model cut at layer boundaries into contiguous chunks. Cut c (before node c) is crossed by every activation
/// produced before it (a model input or an earlier node's output) that a node from c on reads or that is a model
/// output; all of them are committed at the cut, in the order they were produced.
/// </summary>
public sealed class ChunkPlan
{
    public ChunkPlan(QuantizedModel model, IReadOnlyList<int> cuts, Func<Node, long> rowsOf)
    {
        var g = model.Graph;
        int n = g.Nodes.Count;
        for (int i = 0; i < cuts.Count; i++)
            if (cuts[i] <= 0 || cuts[i] >= n || i > 0 && cuts[i] <= cuts[i - 1])
                throw new ArgumentException($"cut points must be increasing and lie in 1..{n - 1}; got [{string.Join(", ", cuts)}]");
        Model = model;
        Cuts = cuts.ToArray();
        int[] bounds = [0, .. cuts, n];
        Chunks = Enumerable.Range(0, bounds.Length - 1).Select(j => new Chunk(j, bounds.Length - 1, bounds[j], bounds[j + 1],
            j == 0 ? g.Inputs.ToArray() : Crossing(g, bounds[j]),
            j == bounds.Length - 2 ? g.Outputs.ToArray() : Crossing(g, bounds[j + 1]),
            Enumerable.Range(bounds[j], bounds[j + 1] - bounds[j]).Sum(i => rowsOf(g.Nodes[i])))).ToArray();
    }

    public QuantizedModel Model { get; }
    /// <summary>Indices of the first node of every chunk but the first.</summary>
    public IReadOnlyList<int> Cuts { get; }
    public IReadOnlyList<Chunk> Chunks { get; }

    /// <summary>
    /// Each chunk's circuit shape where the planner already laid them out to check their rows
    /// (<see cref="ChunkPlanner.AutoWithin"/>), so that keygen does not lay them out again; else null.
    /// </summary>
    internal IReadOnlyList<CircuitShape>? LaidOutShapes { get; set; }

    /// <summary>The activations crossing cut c (c in 1..n−1), in production order.</summary>
    public static string[] Crossing(ModelGraph g, int cut)
    {
        var readLater = new HashSet<string>(g.Outputs);
        for (int i = cut; i < g.Nodes.Count; i++) readLater.UnionWith(g.Nodes[i].Inputs);
        return g.Inputs.Concat(g.Nodes.Take(cut).SelectMany(node => node.Outputs))
            .Where(e => readLater.Contains(e) && !g.IsConstant(e)).Distinct().ToArray();
    }

    /// <summary>Number of elements crossing cut c.</summary>
    public static long CrossingSize(ModelGraph g, int cut) => Crossing(g, cut).Sum(e => (long)g[e].Shape.Size);
}

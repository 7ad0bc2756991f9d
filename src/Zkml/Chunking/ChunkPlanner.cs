using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// Chooses cut points: <see cref="Even"/> for --chunks N (the largest chunk as small as possible),
/// <see cref="Auto"/> for --chunks auto (as few chunks as fit a row budget), <see cref="SplitAt"/> for --split-at.
/// Ties go to the plan with fewer activations crossing its cuts, since each costs commitment rows on both sides.
/// </summary>
public static class ChunkPlanner
{
    /// <summary>N contiguous chunks minimising the largest chunk's rows (layer rows plus commitment rows).</summary>
    public static ChunkPlan Even(QuantizedModel model, int chunks, Func<Node, long> rowsOf, long commitRowsPerValue = 0)
    {
        var g = model.Graph;
        int n = g.Nodes.Count;
        if (chunks < 1) throw new ArgumentException($"--chunks must be at least 1; got {chunks}");
        if (chunks > n) throw new ArgumentException($"model '{g.Name}' has {n} nodes: it cannot be cut into {chunks} chunks");
        var (prefix, crossing) = Costs(g, rowsOf);
        long Cost(int a, int b) => prefix[b] - prefix[a] + commitRowsPerValue * (crossing[a] + crossing[b]);
        // best[j][i]: (largest chunk, crossing total) of the first i nodes in j chunks; from[j][i]: where the last begins.
        var best = new (long Max, long Cross)[chunks + 1, n + 1];
        var from = new int[chunks + 1, n + 1];
        for (int j = 0; j <= chunks; j++) for (int i = 0; i <= n; i++) best[j, i] = (long.MaxValue, long.MaxValue);
        best[0, 0] = (0, 0);
        for (int j = 1; j <= chunks; j++)
            for (int i = j; i <= n - (chunks - j); i++)
                for (int k = j - 1; k < i; k++)
                {
                    if (best[j - 1, k].Max == long.MaxValue) continue;
                    var c = (Max: Math.Max(best[j - 1, k].Max, Cost(k, i)), Cross: best[j - 1, k].Cross + (k > 0 ? crossing[k] : 0));
                    if (c.Max < best[j, i].Max || c.Max == best[j, i].Max && c.Cross < best[j, i].Cross) { best[j, i] = c; from[j, i] = k; }
                }
        return new ChunkPlan(model, Trace(from, chunks, n), rowsOf);
    }

    /// <summary>As few chunks as keep every chunk within <paramref name="maxRows"/>; a node that alone exceeds it is an error naming it.</summary>
    public static ChunkPlan Auto(QuantizedModel model, long maxRows, Func<Node, long> rowsOf, long commitRowsPerValue = 0)
    {
        var g = model.Graph;
        int n = g.Nodes.Count;
        var (prefix, crossing) = Costs(g, rowsOf);
        long Cost(int a, int b) => prefix[b] - prefix[a] + commitRowsPerValue * (crossing[a] + crossing[b]);
        for (int i = 0; i < n; i++)
            if (Cost(i, i + 1) > maxRows)
                throw new ArgumentException($"model '{g.Name}', node '{g.Nodes[i].Name}' ({g.Nodes[i].Op}) needs about {Cost(i, i + 1)} rows with its boundary commitments, more than the {maxRows} a chunk may have");
        var best = new (int Chunks, long Cross)[n + 1];
        var from = new int[n + 1];
        best[0] = (0, 0);
        for (int i = 1; i <= n; i++)
        {
            best[i] = (int.MaxValue, long.MaxValue);
            for (int k = i - 1; k >= 0 && Cost(k, i) <= maxRows; k--)
            {
                var c = (Chunks: best[k].Chunks + 1, Cross: best[k].Cross + (k > 0 ? crossing[k] : 0));
                if (c.Chunks < best[i].Chunks || c.Chunks == best[i].Chunks && c.Cross < best[i].Cross) { best[i] = c; from[i] = k; }
            }
        }
        var cuts = new List<int>();
        for (int i = from[n]; i > 0; i = from[i]) cuts.Add(i);
        cuts.Reverse();
        return new ChunkPlan(model, cuts, rowsOf);
    }

    /// <summary>
    /// As <see cref="Auto"/> for chunks of at most 2^<paramref name="maxLogRows"/> rows, checked against each chunk's
    /// real circuit: the estimate leaves out public-input rows, the tables' floor and the blinding rows, so while a chunk
    /// overflows, the budget shrinks by the largest overflow and the model is planned again.
    /// </summary>
    public static ChunkPlan AutoWithin(QuantizedModel model, int maxLogRows, Func<Node, long> rowsOf, long commitRowsPerValue)
    {
        long capacity = 1L << maxLogRows, budget = capacity;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var plan = Auto(model, budget, rowsOf, commitRowsPerValue);
            long overflow = 0;
            var shapes = new CircuitShape[plan.Chunks.Count];
            foreach (var chunk in plan.Chunks)
            {
                var shape = shapes[chunk.Index] = CircuitShape.Of(ChunkKeySet.ShapeCircuit(plan, chunk));
                long needed = shape.RowsUsed + shape.ConstraintSystem.BlindingFactors + 1L;
                overflow = Math.Max(overflow, needed - capacity);
            }
            if (overflow <= 0)
            {
                plan.LaidOutShapes = shapes;
                return plan;
            }
            budget -= overflow;
        }
        throw new ArgumentException($"model '{model.Graph.Name}' cannot be cut into chunks of 2^{maxLogRows} rows: a chunk's fixed rows (tables, public inputs, blinding) leave too little room; raise --max-log-rows");
    }

    /// <summary>A new chunk begins at each named node.</summary>
    public static ChunkPlan SplitAt(QuantizedModel model, IReadOnlyList<string> nodeNames, Func<Node, long> rowsOf)
    {
        var g = model.Graph;
        var cuts = new List<int>();
        foreach (string name in nodeNames)
        {
            int i = g.Nodes.ToList().FindIndex(node => node.Name == name);
            if (i < 0) throw new ArgumentException($"model '{g.Name}' has no node '{name}'");
            if (i == 0) throw new ArgumentException($"node '{name}' is the first node: a chunk cannot begin there and leave an empty chunk before it");
            cuts.Add(i);
        }
        cuts.Sort();
        for (int i = 1; i < cuts.Count; i++)
            if (cuts[i] == cuts[i - 1]) throw new ArgumentException($"node '{g.Nodes[cuts[i]].Name}' is named twice in --split-at");
        return new ChunkPlan(model, cuts, rowsOf);
    }

    private static (long[] Prefix, long[] Crossing) Costs(ModelGraph g, Func<Node, long> rowsOf)
    {
        int n = g.Nodes.Count;
        var prefix = new long[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + rowsOf(g.Nodes[i]);
        var crossing = new long[n + 1];
        crossing[0] = g.Inputs.Sum(e => (long)g[e].Shape.Size);
        crossing[n] = g.Outputs.Sum(e => (long)g[e].Shape.Size);
        for (int c = 1; c < n; c++) crossing[c] = ChunkPlan.CrossingSize(g, c);
        return (prefix, crossing);
    }

    private static int[] Trace(int[,] from, int chunks, int n)
    {
        var cuts = new List<int>();
        for (int j = chunks, i = n; j > 1; j--) { i = from[j, i]; cuts.Add(i); }
        cuts.Reverse();
        return cuts.ToArray();
    }
}

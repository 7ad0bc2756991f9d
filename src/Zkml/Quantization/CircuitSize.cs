using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Quantization;

/// <summary>
/// A first estimate of the circuit's height, for settings.json: one row per output element of element-wise and
/// reindexing ops, multiply-accumulates spread over NumColumns, and the lookup table's rows (one domain per distinct function) when a table op is used.
/// </summary>
public static class CircuitSize
{
    public static bool UsesLookup(OpKind op) => op is OpKind.LeakyRelu or OpKind.Sigmoid or OpKind.HardSigmoid or OpKind.Tanh
        or OpKind.Erf or OpKind.Softplus or OpKind.Exp or OpKind.Sqrt or OpKind.Pow or OpKind.Softmax or OpKind.Reciprocal or OpKind.Log;

    public static long EstimateRows(ModelGraph g, Settings s)
    {
        long rows = 0;
        foreach (var n in g.Nodes)
        {
            long outSize = g[n.Outputs[0]].Shape.Size;
            long cost = n.Op switch
            {
                OpKind.Gemm or OpKind.MatMul => outSize * InnerDim(g, n),
                OpKind.Conv or OpKind.ConvTranspose => outSize * (g[n.Inputs[1]].Shape.Size / Math.Max(1, g[n.Inputs[1]].Shape[0])),
                _ => outSize,
            };
            rows += (cost + s.NumColumns - 1) / s.NumColumns;
        }
        return Math.Max(rows, LookupTableRows(g, s));
    }

    /// <summary>
    /// Rows of the circuit's lookup table (<c>Circuits.LookupChip</c>): one domain per distinct function (op, scales,
    /// attributes), [LookupMin, LookupMax] each, and [LookupMin, max(LookupMin, 0)] for Softmax's exp; 0 without lookups.
    /// </summary>
    public static long LookupTableRows(ModelGraph g, Settings s)
    {
        var functions = new HashSet<Circuits.LookupFunction>();
        foreach (var n in g.Nodes)
            if (n.Op == OpKind.Softmax) functions.Add(Circuits.LookupFunction.SoftmaxExp(g, n, s));
            else if (UsesLookup(n.Op)) functions.Add(Circuits.LookupFunction.Of(g, n, s));
        return functions.Sum(f => f.Max - f.Min + 1);
    }

    public static int EstimateLogRows(ModelGraph g, Settings s)
    {
        long rows = EstimateRows(g, s) + 16; // room for blinding rows
        int k = 1;
        while ((1L << k) < rows) k++;
        return k;
    }

    private static long InnerDim(ModelGraph g, Node n)
    {
        var a = g[n.Inputs[0]].Shape;
        if (n.Attributes is GemmAttributes { TransA: true }) return a[0];
        return a[a.Rank - 1];
    }
}

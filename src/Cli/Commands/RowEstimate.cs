using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// A first, documented estimate of circuit rows per node: the node's cell count divided by the advice columns.
/// Cells: a multiply-accumulate per weight use plus one per output for conv and matrix products (the rescale and
/// bias), window size plus one per output for pooling, two per output for zkml's Mul (product, division), none for
/// pure reshapes and one per output for everything else. Lookup tables add their own rows (2^k for zkml).
/// </summary>
internal static class RowEstimate
{
    public static long Cells(ModelGraph g, Node n)
    {
        long outSize = g[n.Outputs[0]].Shape.Size;
        switch (n.Op, n.Attributes)
        {
            case (OpKind.Conv or OpKind.ConvTranspose, _):
                var w = g[n.Inputs[1]].Shape;
                return outSize * (w.Size / Math.Max(1, w[0])) + outSize;
            case (OpKind.Gemm or OpKind.MatMul, _):
                var a = g[n.Inputs[0]].Shape;
                int inner = n.Attributes is GemmAttributes { TransA: true } ? a[0] : a[a.Rank - 1];
                return outSize * inner + outSize;
            case (OpKind.AveragePool or OpKind.MaxPool, PoolAttributes p):
                return outSize * p.KernelShape.Aggregate(1L, (x, y) => x * y) + outSize;
            case (OpKind.Reshape or OpKind.Flatten or OpKind.Identity or OpKind.Transpose, _):
                return 0;
            case (OpKind.ZkmlLayer, ZkmlLayerAttributes z):
                return z.LayerType switch
                {
                    "Conv2D" => outSize * (ZkmlPatch(g, n, z)) + outSize,
                    "FullyConnected" => outSize * g[n.Inputs[1]].Shape[1] + outSize,
                    "AveragePool2D" or "MaxPool2D" => outSize * z.Params[0] * z.Params[1] + outSize,
                    "Mul" => 2 * outSize,
                    "Reshape" => 0,
                    _ => outSize,
                };
            default:
                return outSize;
        }
    }

    private static long ZkmlPatch(ModelGraph g, Node n, ZkmlLayerAttributes z)
    {
        var w = g[n.Inputs[1]].Shape;
        return z.Params[0] == 1 ? (long)w[1] * w[2] : (long)w[1] * w[2] * w[3]; // depthwise: one channel per output
    }

    public static long Rows(ModelGraph g, Node n, int columns) => (Cells(g, n) + columns - 1) / columns;

    /// <summary>Total rows: the nodes' rows, or the lookup table's if that is taller.</summary>
    public static long Total(ModelGraph g, Settings s, long tableRows)
    {
        long rows = g.Nodes.Sum(n => Rows(g, n, s.NumColumns));
        return Math.Max(rows, tableRows);
    }

    /// <summary>Lookup-table rows: zkml always loads 2^k-row tables; ONNX graphs only with a table op.</summary>
    public static long TableRows(ModelGraph g, Settings s, bool zkml) =>
        zkml ? 1L << s.LogRows
        : g.Nodes.Any(n => CircuitSize.UsesLookup(n.Op)) ? s.LookupMax - s.LookupMin + 1 : 0;
}

using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// One tabulated function: the op with its attributes (A, B), its input and output scales and its domain
/// [Min, Max]. Nodes with equal keys share one tagged part of <see cref="LookupChip"/>'s table.
/// </summary>
public sealed record LookupFunction(OpKind Op, int InScale, int OutScale, double A, double B, long Min, long Max)
{
    /// <summary>The function of an element-wise lookup op over the settings' [LookupMin, LookupMax].</summary>
    public static LookupFunction Of(ModelGraph g, Node node, Settings s)
    {
        var (a, b) = node.Attributes switch
        {
            ScalarAttributes sa => (sa.Value, 0.0),
            HardSigmoidAttributes h => (h.Alpha, h.Beta),
            _ => (0.0, 0.0),
        };
        return new(node.Op, ScaleOf(g, node.Inputs[0]), ScaleOf(g, node.Outputs[0]), a, b, s.LookupMin, s.LookupMax);
    }

    /// <summary>
    /// Softmax's exp at the input scale, read at max(x − max, LookupMin) ∈ [LookupMin, max(LookupMin, 0)]: x − max ≤ 0
    /// since the max is proven, so the table needs no positive entries.
    /// </summary>
    public static LookupFunction SoftmaxExp(ModelGraph g, Node node, Settings s)
    {
        int scale = ScaleOf(g, node.Inputs[0]);
        return new(OpKind.Softmax, scale, scale, 0, 0, s.LookupMin, Math.Max(s.LookupMin, 0));
    }

    /// <summary>The table entries as the executor computes them; inputs whose value is not representable (the executor's error) have none.</summary>
    public IEnumerable<(long X, long Y)> Entries(Node node, long limit)
    {
        Func<long, double> entry = Op == OpKind.Softmax
            ? x => IntegerOps.SoftmaxExp(x, InScale)
            : RealEntry(RealFunctions.Of(node));
        for (long x = Min; x <= Max; x++)
        {
            double r = entry(x);
            if (IntegerOps.Representable(r, limit)) yield return (x, (long)r);
        }
    }

    private Func<long, double> RealEntry(Func<double, double> f) => x => IntegerOps.LookupReal(f, x, InScale, OutScale);

    private static int ScaleOf(ModelGraph g, string edge) =>
        g[edge].Scale ?? throw new ModelFormatException($"edge '{edge}' has no fixed-point scale");

    public override string ToString() => $"{Op} (scale {InScale} → {OutScale}{(A != 0 || B != 0 ? $", {A:G6}, {B:G6}" : "")}) on [{Min}, {Max}]";
}

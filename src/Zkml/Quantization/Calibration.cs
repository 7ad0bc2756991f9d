using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Quantization;

/// <summary>
/// Narrows the lookup range to what sample inputs need (as EZKL's calibrate-settings does), so the tables, and with
/// them the circuit, are no taller than necessary. Inputs outside the calibrated range are errors later.
/// </summary>
public static class Calibration
{
    /// <summary>Runs every sample with an unbounded table and returns the model with the observed lookup range (plus <paramref name="margin"/> steps on each side) and the rows that follow.</summary>
    public static QuantizedModel Calibrate(QuantizedModel model, IEnumerable<IReadOnlyList<float[]>> samples, long margin = 0)
    {
        var wide = model.Settings.Clone();
        wide.LookupMin = -(1L << wide.MaxValueBits);
        wide.LookupMax = 1L << wide.MaxValueBits;
        var probe = model with { Settings = wide };
        long lo = long.MaxValue, hi = long.MinValue;
        bool any = false;
        foreach (var sample in samples)
        {
            any = true;
            var acts = IntegerExecutor.Run(probe, sample);
            foreach (var node in model.Graph.Nodes)
            {
                if (!CircuitSize.UsesLookup(node.Op)) continue;
                var x = acts[node.Inputs[0]];
                if (node.Op == OpKind.Softmax)
                {
                    // The exp table is read at x − max ≤ 0.
                    hi = Math.Max(hi, 0);
                    lo = Math.Min(lo, SoftmaxMinDifference(x, ((AxisAttributes)node.Attributes).Axis));
                    continue;
                }
                foreach (long v in x.Data) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            }
        }
        if (!any) throw new ArgumentException("no calibration samples", nameof(samples));
        var s = model.Settings.Clone();
        if (lo <= hi)
        {
            s.LookupMin = lo - margin;
            s.LookupMax = hi + margin;
        }
        s.LogRows = CircuitSize.EstimateLogRows(model.Graph, s);
        return model with { Settings = s };
    }

    private static long SoftmaxMinDifference(Tensor<long> x, int axis)
    {
        var dims = x.Shape.ToArray();
        int outer = 1, inner = 1, n = dims[axis];
        for (int i = 0; i < axis; i++) outer *= dims[i];
        for (int i = axis + 1; i < dims.Length; i++) inner *= dims[i];
        long min = 0;
        for (int a = 0; a < outer; a++)
            for (int b = 0; b < inner; b++)
            {
                long mx = long.MinValue, mn = long.MaxValue;
                for (int i = 0; i < n; i++) { long v = x.Data[(a * n + i) * inner + b]; mx = Math.Max(mx, v); mn = Math.Min(mn, v); }
                min = Math.Min(min, mn - mx);
            }
        return min;
    }
}

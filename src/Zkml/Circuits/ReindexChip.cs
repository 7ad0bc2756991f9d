using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Ops that only move elements: no rows and no gates. The output cells are input cells (or constant cells: Pad's
/// value, Trilu's zero, a constant operand) taken in the order <see cref="Reindexing.SourceIndex"/> defines from the
/// executor's kernels, so every later copy constraint reaches back to the cell that computed the value.
/// </summary>
/// <remarks>
/// Sound because nothing new is assigned: a later gate copies its operand from the reused cell, so the permutation
/// argument ties it to that cell's value; a prover who puts anything else in the copy breaks the copy constraint.
/// Constant cells sit in the fixed constant column (part of the verifying key).
/// </remarks>
public sealed class ReindexChip : ILayerChip
{
    public ReindexChip(ChipSet chips) { }

    public IReadOnlyCollection<OpKind> Ops { get; } =
    [
        OpKind.Reshape, OpKind.Flatten, OpKind.Identity, OpKind.Transpose, OpKind.Slice, OpKind.Expand, OpKind.Gather,
        OpKind.GatherElements, OpKind.Pad, OpKind.Concat, OpKind.Trilu,
    ];

    public string? Unsupported(ModelGraph g, Node node)
    {
        var data = DataInputs(node);
        if (data.All(i => g.IsConstant(node.Inputs[i]))) return "reindexing constants only (fold it at import)";
        foreach (int i in data)
        {
            string e = node.Inputs[i];
            if (g.IsConstant(e) && !g.FixedConstants.ContainsKey(e)) return $"constant '{e}' is not quantized";
            if (g.IsConstant(e) && g[e].Scale > g[node.Outputs[0]].Scale) return $"constant '{e}' at a finer scale than the output";
            if (!g.IsConstant(e) && g[e].Scale != g[node.Outputs[0]].Scale) return $"input '{e}' at scale {g[e].Scale} differs from the output's {g[node.Outputs[0]].Scale} (a rescale, not a reindexing)";
        }
        if (node.Op is OpKind.Gather or OpKind.GatherElements && !g.FixedConstants.ContainsKey(node.Inputs[1]))
            return "indices must be constants";
        return null;
    }

    public int Rows(ModelGraph graph, Node node) => 0;

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var data = DataInputs(node);
        int scale = g[node.Outputs[0]].Scale!.Value;
        var sources = data.Select(i => Operand(context, node, i, scale)).ToArray();
        if (node.Op is OpKind.Reshape or OpKind.Flatten or OpKind.Identity) return sources[0];
        var cells = sources.SelectMany(s => s.Cells).ToArray();
        var values = sources.SelectMany(s => s.Values).ToArray();
        long fill = node.Op == OpKind.Pad ? Reindexing.PadValue((PadAttributes)node.Attributes, scale) : 0;
        long[]? indices = node.Op is OpKind.Gather or OpKind.GatherElements ? g.FixedConstants[node.Inputs[1]].Data : null;
        var map = Reindexing.SourceIndex(node, data.Select(i => g[node.Inputs[i]].Shape).ToList(), indices, g[node.Outputs[0]].Shape);
        var y = new LayerValue(new AssignedCell[map.Length], new long[map.Length]);
        for (int o = 0; o < map.Length; o++)
            (y.Cells[o], y.Values[o]) = map[o] >= 0 ? (cells[map[o]], values[map[o]]) : (context.ConstantCell(fill), fill);
        return y;
    }

    /// <summary>The inputs whose elements the output takes: all of Concat's, input 0 of the others (Gather's indices are not data).</summary>
    private static int[] DataInputs(Node node) => node.Op == OpKind.Concat ? Enumerable.Range(0, node.Inputs.Count).ToArray() : [0];

    /// <summary>An activation as is; a constant shifted to the output scale, as the executor shifts Concat's parts, in constant cells.</summary>
    private static LayerValue Operand(LayerContext context, Node node, int i, int scale)
    {
        var g = context.Graph;
        if (!g.IsConstant(node.Inputs[i])) return context.Input(node, i);
        int shift = scale - g[node.Inputs[i]].Scale!.Value;
        long[] v = g.FixedConstants[node.Inputs[i]].Data.Select(x => checked(x << shift)).ToArray();
        return new LayerValue(v.Select(context.ConstantCell).ToArray(), v);
    }
}

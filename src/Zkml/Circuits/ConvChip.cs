using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Conv and ConvTranspose (1-D and 2-D, any strides, pads, dilations, groups and output_padding) with constant
/// weights and bias: one <see cref="DotProductChip.Dot"/> per output element over exactly the taps
/// <see cref="KernelIndices.ConvolutionTaps"/> lists (padded taps are left out, not multiplied by zero), weights and
/// bias in fixed columns, so they are part of the verifying key. ⌈taps / 4⌉ rows per output element.
/// </summary>
public sealed class ConvChip : ILayerChip
{
    private readonly DotProductChip _dot;

    public ConvChip(ChipSet chips) => _dot = chips.Get<DotProductChip>();

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Conv, OpKind.ConvTranspose];

    public string? Unsupported(ModelGraph g, Node node) =>
        g.IsConstant(node.Inputs[0]) ? "the convolved input is a constant"
        : !g.FixedConstants.ContainsKey(node.Inputs[1]) ? "the weights are not a quantized constant"
        : node.Inputs.Count > 2 && !g.FixedConstants.ContainsKey(node.Inputs[2]) ? "the bias is not a quantized constant"
        : g[node.Inputs[0]].Shape.Rank is not (3 or 4) ? "only 1-D and 2-D convolutions have a circuit" : null;

    public int Rows(ModelGraph g, Node node)
    {
        var (start, _, _) = Taps(g, node);
        int rows = 0;
        for (int o = 0; o + 1 < start.Length; o++) rows += DotProductChip.RowsFor(start[o + 1] - start[o]);
        return rows;
    }

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var (start, xi, wi) = Taps(g, node);
        var x = context.Input(node, 0);
        long[] w = g.FixedConstants[node.Inputs[1]].Data;
        long[]? bias = node.Inputs.Count > 2 ? g.FixedConstants[node.Inputs[2]].Data : null;
        var ys = g[node.Outputs[0]].Shape;
        int channels = ys[1], pixels = ys.Size / (ys[0] * channels);
        int n = start.Length - 1, offset = 0;
        var yc = new AssignedCell[n];
        var yv = new long[n];
        for (int o = 0; o < n; o++)
        {
            int taps = start[o + 1] - start[o];
            var cells = new AssignedCell[taps];
            var weights = new Fr[taps];
            long b = bias?[o / pixels % channels] ?? 0, acc = b;
            for (int t = 0; t < taps; t++)
            {
                int j = start[o] + t;
                cells[t] = x.Cells[xi[j]];
                weights[t] = Fr.FromInt64(w[wi[j]]);
                acc = checked(acc + x.Values[xi[j]] * w[wi[j]]);
            }
            yc[o] = _dot.Dot(region!, offset, cells, weights, Fr.FromInt64(b));
            yv[o] = acc;
            offset += DotProductChip.RowsFor(taps);
        }
        return new LayerValue(yc, yv);
    }

    private static (int[] Start, int[] X, int[] W) Taps(ModelGraph g, Node node) =>
        KernelIndices.ConvolutionTaps(node, g[node.Inputs[0]].Shape, g[node.Inputs[1]].Shape, g[node.Outputs[0]].Shape);
}

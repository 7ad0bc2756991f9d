using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Conv and ConvTranspose (1-D and 2-D, any strides, pads, dilations, groups and output_padding) with constant
/// weights and bias: one <see cref="DotProductChip.Dot"/> per output element over exactly the taps
/// <see cref="KernelIndices.ConvolutionTaps"/> lists (padded taps are left out, not multiplied by zero), weights and
/// bias in fixed columns, so they are part of the verifying key. ⌈taps / 4⌉ rows per output element. With hashed
/// weights (<see cref="ChipSet.WeightsAreAdvice"/>) the kernel and bias are advice cells laid out by the circuit and
/// each output element is one <see cref="ActivationDotChip.Dot"/> of the taps plus bias·1, ⌈(taps + 1) / 2⌉ rows.
/// </summary>
public sealed class ConvChip : ILayerChip
{
    private readonly ChipSet _chips;
    private readonly DotProductChip _dot;

    public ConvChip(ChipSet chips)
    {
        _chips = chips;
        _dot = chips.Get<DotProductChip>();
        if (chips.WeightsAreAdvice) chips.Get<ActivationDotChip>();
    }

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
        for (int o = 0; o + 1 < start.Length; o++) rows += TapRows(node, start[o + 1] - start[o]);
        return rows;
    }

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var (start, xi, wi) = Taps(g, node);
        var x = context.Input(node, 0);
        if (_chips.WeightsAreAdvice) return HashedWeightConvolution(context, node, region!, start, xi, wi, x);
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

    private int TapRows(Node node, int taps) => _chips.WeightsAreAdvice
        ? ActivationDotChip.RowsForTerms(taps + (node.Inputs.Count > 2 ? 1 : 0))
        : DotProductChip.RowsFor(taps);

    /// <summary>Kernel and bias as the circuit's advice cells: Σ x·w over the taps, then bias·1 as one more product.</summary>
    private LayerValue HashedWeightConvolution(LayerContext context, Node node, Region region, int[] start, int[] xi, int[] wi, LayerValue x)
    {
        var g = context.Graph;
        var w = context.Input(node, 1);
        var bias = node.Inputs.Count > 2 ? context.Input(node, 2) : null;
        var ys = g[node.Outputs[0]].Shape;
        int channels = ys[1], pixels = ys.Size / (ys[0] * channels);
        var one = (context.ConstantCell(1), 1L);
        var dot = _chips.Get<ActivationDotChip>();
        int n = start.Length - 1, offset = 0;
        var yc = new AssignedCell[n];
        var yv = new long[n];
        for (int o = 0; o < n; o++)
        {
            int taps = start[o + 1] - start[o], s = start[o], c = o / pixels % channels;
            (yc[o], yv[o]) = dot.Dot(context, region, offset, taps + (bias is null ? 0 : 1),
                t => t < taps ? (x.Cells[xi[s + t]], x.Values[xi[s + t]]) : (bias!.Cells[c], bias.Values[c]),
                t => t < taps ? (w.Cells[wi[s + t]], w.Values[wi[s + t]]) : one);
            offset += TapRows(node, taps);
        }
        return new LayerValue(yc, yv);
    }

    private static (int[] Start, int[] X, int[] W) Taps(ModelGraph g, Node node) =>
        KernelIndices.ConvolutionTaps(node, g[node.Inputs[0]].Shape, g[node.Inputs[1]].Shape, g[node.Outputs[0]].Shape);
}

using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Gemm (transA, transB, constant bias) and MatMul (batched, broadcast). With a constant B every output element is
/// one <see cref="DotProductChip.Dot"/> (B in fixed columns, ⌈K/4⌉ rows). With B an activation the product is
/// checked by <see cref="FreivaldsChip"/> (C committed, then A·(B·v) = C·v for a challenge v) or multiplied out by
/// <see cref="ActivationDotChip"/> (½ row per product), whichever takes fewer rows for the node's M, K, N. With hashed
/// weights (<see cref="ChipSet.WeightsAreAdvice"/>) a constant B and bias are advice cells laid out by the circuit,
/// and each output element is one <see cref="ActivationDotChip.Dot"/> of K products plus bias·1.
/// </summary>
public sealed class MatMulChip : ILayerChip
{
    private readonly ChipSet _chips;
    private readonly DotProductChip _dot;

    public MatMulChip(ChipSet chips)
    {
        _chips = chips;
        _dot = chips.Get<DotProductChip>();
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Gemm, OpKind.MatMul];

    /// <summary>
    /// Also configures the activation × activation chip a node needs: the circuit asks this of every node while it
    /// is constructed, so the constraint system is complete before any synthesis.
    /// </summary>
    public string? Unsupported(ModelGraph g, Node node)
    {
        if (g.IsConstant(node.Inputs[0])) return "A is a constant";
        bool gemm = node.Op == OpKind.Gemm;
        bool hasBias = gemm && node.Inputs.Count > 2;
        if (hasBias && !g.FixedConstants.ContainsKey(node.Inputs[2])) return "Gemm needs a constant bias (C)";
        if (g.IsConstant(node.Inputs[1]))
        {
            if (!g.FixedConstants.ContainsKey(node.Inputs[1])) return "B is not a quantized constant";
            if (_chips.WeightsAreAdvice) _chips.Get<ActivationDotChip>();
            return null;
        }
        if (hasBias) return "Gemm of two activations with a bias (C) has no circuit";
        _chips.Get(ProductChip(g, node));
        return null;
    }

    public int Rows(ModelGraph g, Node node)
    {
        var (batches, m, k, n, _, _) = Operands(g, node);
        if (g.IsConstant(node.Inputs[1]))
            return batches * m * n * (_chips.WeightsAreAdvice ? ActivationDotChip.RowsForTerms(k + (HasBias(node) ? 1 : 0)) : DotProductChip.RowsFor(k));
        return batches * (ProductChip(g, node) == typeof(FreivaldsChip) ? FreivaldsChip.RowsFor(m, k, n) : ActivationDotChip.RowsFor(m, k, n));
    }

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var (batches, m, k, n, ai, bi) = Operands(g, node);
        var a = context.Input(node, 0);
        var yc = new AssignedCell[batches * m * n];
        var yv = new long[batches * m * n];
        if (!g.IsConstant(node.Inputs[1]))
        {
            var b = context.Input(node, 1);
            bool freivalds = ProductChip(g, node) == typeof(FreivaldsChip);
            int rows = freivalds ? FreivaldsChip.RowsFor(m, k, n) : ActivationDotChip.RowsFor(m, k, n);
            for (int p = 0; p < batches; p++)
            {
                int pp = p;
                var block = freivalds
                    ? _chips.Get<FreivaldsChip>().Multiply(context, region!, p * rows, m, k, n, a, (i, t) => ai(pp, i, t), b, (t, j) => bi(pp, t, j))
                    : _chips.Get<ActivationDotChip>().Multiply(context, region!, p * rows, m, k, n, a, (i, t) => ai(pp, i, t), b, (t, j) => bi(pp, t, j));
                block.Cells.CopyTo(yc, p * m * n);
                block.Values.CopyTo(yv, p * m * n);
            }
            return new LayerValue(yc, yv);
        }
        int[]? biasIndex = HasBias(node) ? Broadcasting.SourceIndex(g[node.Inputs[2]].Shape, g[node.Outputs[0]].Shape) : null;
        if (_chips.WeightsAreAdvice) return HashedWeightProduct(context, node, region!, batches, m, k, n, a, ai, bi, biasIndex);
        long[] w = g.FixedConstants[node.Inputs[1]].Data;
        long[]? bias = biasIndex is null ? null : g.FixedConstants[node.Inputs[2]].Data;
        int dotRows = DotProductChip.RowsFor(k);
        var weights = new Fr[k];
        var operands = new AssignedCell[k];
        for (int p = 0; p < batches; p++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    int o = (p * m + i) * n + j;
                    long b0 = bias?[biasIndex![o]] ?? 0, acc = b0;
                    for (int t = 0; t < k; t++)
                    {
                        long wt = w[bi(p, t, j)];
                        weights[t] = Fr.FromInt64(wt);
                        operands[t] = a.Cells[ai(p, i, t)];
                        acc = checked(acc + a.Values[ai(p, i, t)] * wt);
                    }
                    yc[o] = _dot.Dot(region!, o * dotRows, operands, weights, Fr.FromInt64(b0));
                    yv[o] = acc;
                }
        return new LayerValue(yc, yv);
    }

    private static bool HasBias(Node node) => node.Op == OpKind.Gemm && node.Inputs.Count > 2;

    /// <summary>Constant B and bias as the circuit's advice cells: Σ a·w over K copied pairs, then bias·1 as one more product.</summary>
    private LayerValue HashedWeightProduct(LayerContext context, Node node, Region region, int batches, int m, int k, int n,
        LayerValue a, Func<int, int, int, int> ai, Func<int, int, int, int> bi, int[]? biasIndex)
    {
        var w = context.Input(node, 1);
        var bias = biasIndex is null ? null : context.Input(node, 2);
        var one = (context.ConstantCell(1), 1L);
        var dot = _chips.Get<ActivationDotChip>();
        int terms = k + (bias is null ? 0 : 1), rows = ActivationDotChip.RowsForTerms(terms);
        var yc = new AssignedCell[batches * m * n];
        var yv = new long[batches * m * n];
        for (int p = 0; p < batches; p++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    int o = (p * m + i) * n + j, pp = p, ii = i, jj = j;
                    (yc[o], yv[o]) = dot.Dot(context, region, o * rows, terms,
                        t => t < k ? (a.Cells[ai(pp, ii, t)], a.Values[ai(pp, ii, t)]) : (bias!.Cells[biasIndex![o]], bias.Values[biasIndex[o]]),
                        t => t < k ? (w.Cells[bi(pp, t, jj)], w.Values[bi(pp, t, jj)]) : one);
                }
        return new LayerValue(yc, yv);
    }

    /// <summary>Freivalds' check unless multiplying out takes no more rows (a small shared dimension).</summary>
    private static Type ProductChip(ModelGraph g, Node node)
    {
        var (_, m, k, n, _, _) = Operands(g, node);
        return ActivationDotChip.RowsFor(m, k, n) <= FreivaldsChip.RowsFor(m, k, n) ? typeof(ActivationDotChip) : typeof(FreivaldsChip);
    }

    /// <summary>
    /// Blocks, M, K, N and where A's element (i, t) and B's element (t, j) of block p lie; output element (i, j) of
    /// block p is (p·M + i)·N + j, as the executor writes it.
    /// </summary>
    private static (int Batches, int M, int K, int N, Func<int, int, int, int> A, Func<int, int, int, int> B) Operands(ModelGraph g, Node node)
    {
        var sa = g[node.Inputs[0]].Shape;
        var sb = g[node.Inputs[1]].Shape;
        if (node.Op == OpKind.Gemm)
        {
            var at = (GemmAttributes)node.Attributes;
            int m = at.TransA ? sa[1] : sa[0], k = at.TransA ? sa[0] : sa[1], n = at.TransB ? sb[0] : sb[1];
            return (1, m, k, n,
                at.TransA ? (_, i, t) => t * m + i : (_, i, t) => i * k + t,
                at.TransB ? (_, t, j) => j * k + t : (_, t, j) => t * n + j);
        }
        var (mm, kk, nn, blockA, blockB) = KernelIndices.MatMulBatches(sa, sb);
        return (blockA.Length, mm, kk, nn, (p, i, t) => (blockA[p] * mm + i) * kk + t, (p, t, j) => (blockB[p] * kk + t) * nn + j);
    }
}
